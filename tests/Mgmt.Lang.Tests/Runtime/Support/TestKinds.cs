using Mgmt.Engine.Resources;

namespace Mgmt.Lang.Tests.Runtime.Support;

/// <summary>Resource kinds made for the runtime and interpreter tests: each exercises one trait.</summary>
internal static class TestKinds
{
    public static ResourceRegistry Registry() => new ResourceRegistry()
        .Register<WidgetResource>()
        .Register<MergeableResource>()
        .Register<DirResource>()
        .Register<BundleResource>();
}

/// <summary>A plain kind with a few parameters; it sends <c>out</c> and can receive.</summary>
[ResourceKind("widget")]
[Sends("out", "str")]
public sealed class WidgetResource : Resource, ISendable, IReceivable
{
    [Param("text")]
    public string? Text { get; set; }

    [Param("count")]
    public long Count { get; set; }

    [Param("small")]
    public byte? Small { get; set; }

    [Param("flag")]
    public bool Flag { get; set; }

    public override void Validate()
    {
        if (Text == "invalid") throw new ResourceValidationException("text may not be \"invalid\"");
    }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel) => Task.FromResult(true);
}

/// <summary>A kind whose duplicates merge when their levels agree (or one is unset).</summary>
[ResourceKind("mergeable")]
public sealed class MergeableResource : Resource, ICompatible
{
    [Param("level")]
    public long? Level { get; set; }

    public bool Adapts(Resource other) =>
        other is MergeableResource m && (Level is null || m.Level is null || Level == m.Level);

    public Resource Merge(Resource other)
    {
        var merged = (MergeableResource)Copy();
        merged.Level ??= ((MergeableResource)other).Level;
        return merged;
    }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel) => Task.FromResult(true);
}

/// <summary>A kind named by a path that depends, by automatic edge, on the managed directory above it.</summary>
[ResourceKind("dir")]
public sealed class DirResource : Resource, IEdgeable
{
    public IEnumerable<ResourceUid> Uids() => [new("dir", Name)];

    public IEnumerable<AutoEdgeSeek> AutoEdges()
    {
        var path = Name.TrimEnd('/');
        var slash = path.LastIndexOf('/');
        if (slash < 0) yield break;
        yield return new AutoEdgeSeek([new ResourceUid("dir", path[..(slash + 1)])]);
    }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel) => Task.FromResult(true);
}

/// <summary>A kind the engine may group (it writes the group into the objects).</summary>
[ResourceKind("bundle")]
public sealed class BundleResource : Resource, IGroupable
{
    [Param("size")]
    public long Size { get; set; }

    public bool CanGroupWith(Resource other) => other is BundleResource;

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel) => Task.FromResult(true);
}
