using Mgmt.Engine.Tests.Support;

namespace Mgmt.Engine.Tests;

public sealed class OrderingTests
{
    [Fact]
    public async Task A_chain_runs_in_order()
    {
        await using var h = new Harness();
        var a = h.Rec("a", r => r.SleepMs = 30);
        var b = h.Rec("b", r => r.SleepMs = 30);
        var c = h.Rec("c", r => r.SleepMs = 30);
        var g = Harness.Graph(c, b, a); // declared backwards: the order must come from the edges
        g.Connect(a, b);
        g.Connect(b, c);

        await h.Commit(g);
        await h.WaitChecks("c", 1);

        var j = h.Journal;
        Assert.True(j.Of("a", "end")[0].At <= j.Of("b", "start")[0].At, "b started before a finished");
        Assert.True(j.Of("b", "end")[0].At <= j.Of("c", "start")[0].At, "c started before b finished");
    }

    [Fact]
    public async Task A_child_waits_for_every_parent()
    {
        await using var h = new Harness();
        var slow = h.Rec("slow", r => r.SleepMs = 150);
        var fast = h.Rec("fast");
        var child = h.Rec("child");
        var g = Harness.Graph(slow, fast, child);
        g.Connect(slow, child);
        g.Connect(fast, child);

        await h.Commit(g);
        await h.WaitChecks("child", 1);

        Assert.True(h.Journal.Of("slow", "end")[0].At <= h.Journal.Of("child", "start")[0].At);
        Assert.True(h.Journal.Of("fast", "end")[0].At <= h.Journal.Of("child", "start")[0].At);
    }

    [Fact]
    public async Task Independent_resources_run_in_parallel()
    {
        await using var h = new Harness();
        var resources = Enumerable.Range(0, 4).Select(i => h.Rec($"p{i}", r => r.SleepMs = 300)).ToArray();

        await h.Commit(Harness.Graph(resources));
        foreach (var r in resources) await h.WaitChecks(r.Name, 1);

        // Overlap, not speed: every CheckApply started before any of them ended.
        var lastStart = resources.Max(r => h.Journal.Of(r.Name, "start")[0].At);
        var firstEnd = resources.Min(r => h.Journal.Of(r.Name, "end")[0].At);
        Assert.True(lastStart < firstEnd, "the independent resources did not overlap");
        Assert.Equal(4, h.Journal.MaxConcurrency());
    }

    [Fact]
    public async Task A_watch_event_runs_CheckApply_again_and_children_follow_only_when_needed()
    {
        await using var h = new Harness();
        var a = h.Rec("a");
        var b = h.Rec("b");
        var g = Harness.Graph(a, b);
        g.Connect(a, b);
        await h.Commit(g);
        await h.WaitChecks("b", 1);

        h.Journal.Event("a");
        await h.WaitChecks("a", 2);
        // b is clean and was not notified: no reason to check it again.
        await Harness.Never(() => h.Journal.Count("b", "start") > 1, "b ran again without an event or a refresh");

        h.Journal.Event("b");
        await h.WaitChecks("b", 2);
    }

    [Fact]
    public async Task Events_during_a_CheckApply_cause_exactly_one_more_run()
    {
        await using var h = new Harness();
        var a = h.Rec("a", r => r.SleepMs = 200);
        await h.Commit(Harness.Graph(a));
        await Harness.Eventually(() => h.Journal.Count("a", "start") == 1, "a to start");

        for (var i = 0; i < 5; i++) h.Journal.Event("a");

        await h.WaitChecks("a", 2);
        await Harness.Never(() => h.Journal.Count("a", "start") > 2, "the events were not coalesced", 500);
    }

    [Fact]
    public async Task A_real_file_that_drifts_is_repaired()
    {
        await using var h = new Harness();
        var path = Path.Combine(h.Root, "managed.txt");
        var file = new FileTestResource { Name = path, Path = path, Content = "wanted\n" };

        await h.Commit(Harness.Graph(file));
        await Harness.Eventually(() => File.Exists(path) && File.ReadAllText(path) == "wanted\n", "the file to be created");

        await File.WriteAllTextAsync(path, "drifted\n", TestContext.Current.CancellationToken);
        await Harness.Eventually(() => File.ReadAllText(path) == "wanted\n", "the drifted file to be repaired");

        File.Delete(path);
        await Harness.Eventually(() => File.Exists(path) && File.ReadAllText(path) == "wanted\n", "the deleted file to come back");
    }
}
