using Mgmt.Engine.Resources;
using Mgmt.Platform.Docker;

namespace Mgmt.Resources;

/// <summary>
/// <c>docker:image</c>: a Docker image, named by the resource (<c>repository[:tag]</c>), present (pulled from its
/// registry) or absent (removed). See docs/resources/docker.md.
/// </summary>
/// <remarks>The watch follows the daemon's image events; removing an image a container still uses is an error.</remarks>
[ResourceKind("docker:image")]
public sealed class DockerImageResource : Resource, IEdgeable
{
    public const string Exists = "exists";
    public const string Absent = "absent";

    private DockerClient? _client;

    /// <summary><c>exists</c> or <c>absent</c>.</summary>
    [Param("state")]
    public string State { get; set; } = Exists;

    /// <summary>The API version to speak, such as <c>v1.41</c>; empty speaks the daemon's own.</summary>
    [Param("apiversion")]
    public string ApiVersion { get; set; } = "";

    /// <summary>The daemon's socket; from <c>DOCKER_HOST</c> or the usual path. Tests point it at their own daemon.</summary>
    internal string? SocketPath { get; set; }

    public DockerImageName ImageName => DockerImageName.Parse(Name);

    public override void Validate()
    {
        if (State is not (Exists or Absent)) throw new ResourceValidationException($"state '{State}' is not one of exists or absent");
        try
        {
            DockerImageName.Parse(Name);
        }
        catch (FormatException e)
        {
            throw new ResourceValidationException(e.Message);
        }
        if (ApiVersion.Length > 0 && !System.Text.RegularExpressions.Regex.IsMatch(ApiVersion, @"^v[1-9]\.[0-9]+$"))
        {
            throw new ResourceValidationException($"apiversion '{ApiVersion}' is not a version such as v1.41");
        }
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

    public override Task WatchAsync(CancellationToken cancel) => DockerWatch.RunAsync(Context, Client, [("type", "image")], cancel);

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var image = ImageName;
        var present = await Client.ImageExistsAsync(image, cancel).ConfigureAwait(false);
        if (present == (State == Exists)) return true;
        Context.Changes.Set("state", present ? Exists : Absent, State);
        if (!apply) return false;
        if (State == Exists)
        {
            await Client.PullImageAsync(image, cancel).ConfigureAwait(false);
            DockerLog.Image(Context.Logger, image.ToString(), "pulled");
        }
        else
        {
            try
            {
                await Client.RemoveImageAsync(image, cancel).ConfigureAwait(false);
            }
            catch (DockerException e) when (e.Status == 409)
            {
                throw new DockerException($"image {image} is still used by a container; remove the container first (a docker:container with state => \"removed\"): {e.Message}", e.Status, e);
            }
            DockerLog.Image(Context.Logger, image.ToString(), "removed");
        }
        return false;
    }

    public IEnumerable<ResourceUid> Uids() => [new ResourceUid("docker:image", ImageName.ToString())];

    public IEnumerable<AutoEdgeSeek> AutoEdges() => [];
}
