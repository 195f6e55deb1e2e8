using System.Text.Json.Serialization;

namespace Mgmt.Platform.Docker;

/// <summary>One container as the daemon lists it.</summary>
public sealed class DockerContainer
{
    public string Id { get; set; } = "";
    public List<string> Names { get; set; } = [];
    public string Image { get; set; } = "";

    /// <summary>created, running, paused, restarting, removing, exited or dead.</summary>
    public string State { get; set; } = "";
}

/// <summary>What a new container is made of.</summary>
public sealed class DockerContainerSpec
{
    public string Image { get; set; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Cmd { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Env { get; set; }

    public Dictionary<string, DockerEmpty> ExposedPorts { get; set; } = [];

    public DockerHostConfig HostConfig { get; set; } = new();
}

/// <summary>The host side of a new container: its published ports.</summary>
public sealed class DockerHostConfig
{
    public Dictionary<string, List<DockerPortBinding>> PortBindings { get; set; } = [];
}

/// <summary>One published port: the host address and port a container port is reachable on.</summary>
public sealed class DockerPortBinding
{
    public string HostIp { get; set; } = "";
    public string HostPort { get; set; } = "";
}

/// <summary>The empty object the API uses as a set member.</summary>
public sealed class DockerEmpty;

internal sealed class DockerCreated
{
    public string Id { get; set; } = "";
}

internal sealed class DockerMessage
{
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }
}

internal sealed class DockerImageInfo
{
    public string Id { get; set; } = "";
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(List<DockerContainer>))]
[JsonSerializable(typeof(DockerContainerSpec))]
[JsonSerializable(typeof(DockerCreated))]
[JsonSerializable(typeof(DockerMessage))]
[JsonSerializable(typeof(DockerImageInfo))]
[JsonSerializable(typeof(Dictionary<string, List<string>>))]
internal sealed partial class DockerJson : JsonSerializerContext;
