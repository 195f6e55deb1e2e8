using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;
using Mgmt.Engine.Tests.Support;

namespace Mgmt.Engine.Tests.Compatible;

public sealed class CompatibleDuplicateTests
{
    private static LevelResource Level(Harness h, string name, string level) => new() { Name = name, Level = level, Journal = h.Journal.Id };

    [Fact]
    public async Task Compatible_duplicates_run_as_one_merged_resource_that_keeps_all_their_edges()
    {
        await using var h = new Harness();
        var low = Level(h, "pkg", "low");
        var high = Level(h, "pkg", "high");
        var before = h.Rec("before");
        var after = h.Rec("after", r => r.Dirty = false);
        var g = Harness.Graph(before, low, high, after);
        g.Connect(before, high);
        g.Connect(low, after, notify: true);
        g.Connect(low, high); // an edge between two declarations of one resource means nothing once merged

        await h.Commit(g);
        await h.WaitChecks("pkg", 1);
        await h.WaitChecks("after", 1);

        var run = Assert.Single(h.Journal.Of("pkg", "start"));
        Assert.Equal("high", run.Detail);
        Assert.True(h.Journal.Of("before", "end")[0].At < run.At, "the merged resource ran before its declaration's parent");
        Assert.True(run.At < h.Journal.Of("after", "start")[0].At, "the merged resource's child ran first");
        Assert.Single(h.Engine.Status(), s => s.Name == "pkg");
    }

    [Fact]
    public async Task Incompatible_duplicates_are_refused_with_what_to_change()
    {
        await using var h = new Harness();
        var e = await Assert.ThrowsAsync<GraphException>(() => h.Commit(Harness.Graph(Level(h, "pkg", "low"), Level(h, "pkg", "off"))));
        Assert.Contains("level[pkg] is in the graph twice with parameters that cannot be merged", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hidden_duplicates_do_not_merge_with_the_visible_one()
    {
        await using var h = new Harness();
        var hidden = Level(h, "pkg", "high");
        hidden.Meta = MetaParams.Default with { Hidden = true };
        await h.Commit(Harness.Graph(Level(h, "pkg", "low"), hidden));
        await h.WaitChecks("pkg", 1);
        Assert.Equal("low", Assert.Single(h.Journal.Of("pkg", "start")).Detail);
    }
}
