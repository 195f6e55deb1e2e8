using Mgmt.Engine.Resources;
using Mgmt.Engine.Tests.Support;

namespace Mgmt.Engine.Tests.Compatible;

/// <summary>
/// <c>level</c>: a test resource that merges like a package: "low" and "high" declarations of one name are
/// compatible and merge into "high"; "off" is compatible only with itself. Each CheckApply records its level.
/// </summary>
[ResourceKind("level")]
public sealed class LevelResource : Resource, ICompatible
{
    [Param("journal")] public string Journal { get; set; } = "";

    [Param("level")] public string Level { get; set; } = "low";

    public bool Adapts(Resource other) =>
        other is LevelResource l && l.Name == Name && (l.Level == Level || (Level != "off" && l.Level != "off"));

    public Resource Merge(Resource other)
    {
        var merged = (LevelResource)Copy();
        if (((LevelResource)other).Level == "high") merged.Level = "high";
        return merged;
    }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        Support.Journal.Of(Journal).Add(Name, "start", detail: Level);
        Support.Journal.Of(Journal).Add(Name, "end", detail: Level);
        return Task.FromResult(true);
    }
}
