using System.Text.RegularExpressions;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Mgmt.Platform.Docker;

namespace Mgmt.Resources;

/// <summary>
/// <c>docker:container</c>: a Docker container named after the resource, running, stopped or removed, made from
/// <see cref="Image"/> with <see cref="Cmd"/>, <see cref="Env"/> and published <see cref="Ports"/>. Talks to the
/// daemon's Unix socket (<c>DOCKER_HOST</c> when it names one). See docs/resources/docker.md.
/// </summary>
/// <remarks>
/// The command, environment and ports are used when the container is created; a container that exists with
/// another image is an error unless <see cref="Force"/> allows replacing it. The watch follows the daemon's events
/// for this container's name.
/// </remarks>
[ResourceKind("docker:container")]
public sealed partial class DockerContainerResource : Resource, IEdgeable
{
    public const string Running = "running";
    public const string Stopped = "stopped";
    public const string Removed = "removed";

    /// <summary>The mcl type of <see cref="Ports"/>: protocol to host port to container port.</summary>
    public const string PortsType = "map{str: map{int: int}}";

    private DockerClient? _client;

    /// <summary><c>running</c>, <c>stopped</c> (or absent) or <c>removed</c>.</summary>
    [Param("state")]
    public string State { get; set; } = Running;

    /// <summary>The image, <c>repository[:tag]</c>; pulled when the daemon does not have it.</summary>
    [Param("image")]
    public string Image { get; set; } = "";

    /// <summary>The command and its arguments; empty uses the image's own.</summary>
    [Param("cmd")]
    public IReadOnlyList<string>? Cmd { get; set; }

    /// <summary>Environment variables, each <c>NAME=value</c>.</summary>
    [Param("env")]
    public IReadOnlyList<string>? Env { get; set; }

    /// <summary>Published ports: <c>{"tcp" => {8080 => 80}}</c> makes the container's port 80 reachable on the host's 8080.</summary>
    [Param("ports", Type = PortsType)]
    public Value? Ports { get; set; }

    /// <summary>The API version to speak, such as <c>v1.41</c>; empty speaks the daemon's own.</summary>
    [Param("apiversion")]
    public string ApiVersion { get; set; } = "";

    /// <summary>Replace a container of this name that runs another image.</summary>
    [Param("force")]
    public bool Force { get; set; }

    /// <summary>The daemon's socket; from <c>DOCKER_HOST</c> or the usual path. Tests point it at their own daemon.</summary>
    internal string? SocketPath { get; set; }

    /// <summary>Seconds a stopping container gets before it is killed.</summary>
    internal int StopSeconds { get; set; } = 10;

    public override void Validate()
    {
        if (State is not (Running or Stopped or Removed)) throw new ResourceValidationException($"state '{State}' is not one of running, stopped or removed");
        if (Image.Length == 0) throw new ResourceValidationException("image is empty: name the image to run, such as debian:bookworm");
        try
        {
            DockerImageName.Parse(Image);
        }
        catch (FormatException e)
        {
            throw new ResourceValidationException(e.Message);
        }
        if (!NamePattern().IsMatch(Name)) throw new ResourceValidationException($"'{Name}' cannot name a container: use letters, digits and _ . - (starting with a letter or digit)");
        foreach (var variable in Env ?? [])
        {
            if (!variable.Contains('=', StringComparison.Ordinal) || variable.StartsWith('=') || variable.Contains(' ', StringComparison.Ordinal))
            {
                throw new ResourceValidationException($"env entry '{variable}' is not NAME=value (without spaces in it)");
            }
        }
        foreach (var (protocol, host, container) in PortList())
        {
            if (protocol is not ("tcp" or "udp" or "sctp")) throw new ResourceValidationException($"ports: '{protocol}' is not a protocol; use tcp, udp or sctp");
            if (host is < 1 or > 65535 || container is < 1 or > 65535) throw new ResourceValidationException($"ports: {host} => {container} is out of range; ports go from 1 to 65535");
        }
        if (ApiVersion.Length > 0 && !ApiVersionPattern().IsMatch(ApiVersion)) throw new ResourceValidationException($"apiversion '{ApiVersion}' is not a version such as v1.41");
    }

    public override async Task InitAsync(IResourceContext context)
    {
        await base.InitAsync(context).ConfigureAwait(false);
        _client = new DockerClient(SocketPath ?? DockerClient.SocketFromEnvironment(), ApiVersion);
    }

    public override Task CleanupAsync()
    {
        _client?.Dispose();
        return Task.CompletedTask;
    }

    private DockerClient Client => _client ?? throw new InvalidOperationException($"{this} used before Init");

    public override Task WatchAsync(CancellationToken cancel) =>
        DockerWatch.RunAsync(Context, Client, [("type", "container"), ("container", Name)], cancel);

    /// <summary>The published ports as (protocol, host port, container port).</summary>
    internal IEnumerable<(string Protocol, long Host, long Container)> PortList()
    {
        if (Ports is not MapValue protocols) yield break;
        foreach (var (protocol, inner) in protocols.Entries)
        {
            if (inner is not MapValue pairs) continue;
            foreach (var (host, container) in pairs.Entries) yield return (((StrValue)protocol).V, ((IntValue)host).V, ((IntValue)container).V);
        }
    }

    // A container needs its image first; removing one must not wait for the image.
    public IEnumerable<ResourceUid> Uids() => [new ResourceUid("docker:container", Name)];

    public IEnumerable<AutoEdgeSeek> AutoEdges()
    {
        var image = DockerImageName.Parse(Image).ToString();
        yield return new AutoEdgeSeek([new ResourceUid("docker:image", image)], Reversed: State == Removed);
    }

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^v[1-9]\.[0-9]+$")]
    private static partial Regex ApiVersionPattern();
}
