using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Tests.Support;

/// <summary>
/// <c>tpath</c>: a resource with no side effects that takes part in automatic edges like a file (it seeks its
/// nearest managed parent directory) and groups with others when <see cref="Group"/> is set. For graphs of
/// 100,000 resources.
/// </summary>
[ResourceKind("tpath")]
public sealed class PathResource : Resource, IEdgeable, IGroupable
{
    [Param("group")] public bool Group { get; set; }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel) => Task.FromResult(true);

    public IEnumerable<ResourceUid> Uids() => [new("tpath", Name)];

    public IEnumerable<AutoEdgeSeek> AutoEdges()
    {
        var path = Name.TrimEnd('/');
        for (var slash = path.LastIndexOf('/'); slash >= 0; slash = path.LastIndexOf('/'))
        {
            path = path[..slash];
            yield return new AutoEdgeSeek([new ResourceUid("tpath", path + "/")]);
        }
    }

    public bool CanGroupWith(Resource other) => Group && other is PathResource { Group: true };
}
