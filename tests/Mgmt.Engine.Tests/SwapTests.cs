using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;
using Mgmt.Engine.Tests.Support;

namespace Mgmt.Engine.Tests;

public sealed class SwapTests
{
    [Fact]
    public async Task An_unchanged_resource_keeps_running_a_changed_one_is_replaced_and_a_new_one_starts()
    {
        await using var h = new Harness();
        var g1 = Harness.Graph(h.Rec("same"), h.Rec("changed", r => r.Number = 1), h.Rec("removed"));
        await h.Commit(g1);
        await h.WaitChecks("same", 1);
        await h.WaitChecks("changed", 1);
        await h.WaitChecks("removed", 1);
        var running = h.Engine.Current!.Find("rec", "same");

        var g2 = Harness.Graph(h.Rec("same"), h.Rec("changed", r => r.Number = 2), h.Rec("added"));
        await h.Commit(g2);
        await h.WaitChecks("changed", 2);
        await h.WaitChecks("added", 1);

        var j = h.Journal;
        Assert.Equal(1, j.Count("same", "watch"));       // its watch was not restarted
        Assert.Equal(1, j.Count("same", "init"));
        Assert.Equal(0, j.Count("same", "cleanup"));
        Assert.Same(running, h.Engine.Current!.Find("rec", "same")); // the running object is kept
        await Harness.Never(() => j.Count("same", "start") > 1, "the unchanged resource ran again");
        Assert.Equal(2, j.Count("changed", "init"));      // replaced: old cleaned up, new one initialised and applied
        Assert.Equal(1, j.Count("changed", "cleanup"));
        Assert.Equal(1, j.Count("removed", "cleanup"));
        Assert.Equal(["added", "changed", "same"], h.Engine.Status().Select(s => s.Name));
    }

    [Fact]
    public async Task Removed_resources_are_cleaned_up_before_new_ones_start()
    {
        await using var h = new Harness();
        await h.Commit(Harness.Graph(h.Rec("old", r => r.SleepMs = 100)));
        await Harness.Eventually(() => h.Journal.Count("old", "start") == 1, "old to start");

        await h.Commit(Harness.Graph(h.Rec("new")));
        await h.WaitChecks("new", 1);
        var j = h.Journal;
        Assert.True(j.Of("old", "end")[0].At <= j.Of("old", "cleanup")[0].At, "the CheckApply in flight was not allowed to finish");
        Assert.True(j.Of("old", "cleanup")[0].At <= j.Of("new", "init")[0].At, "the new resource started before the old one was cleaned up");
    }

    [Fact]
    public async Task A_cycle_is_refused_with_its_path_and_the_old_graph_keeps_running()
    {
        await using var h = new Harness();
        await h.Commit(Harness.Graph(h.Rec("keep")));
        await h.WaitChecks("keep", 1);

        var a = h.Rec("a");
        var b = h.Rec("b");
        var c = h.Rec("c");
        var g = Harness.Graph(a, b, c, h.Rec("keep"));
        g.Connect(a, b);
        g.Connect(b, c);
        g.Connect(c, b);
        var e = await Assert.ThrowsAsync<GraphException>(() => h.Commit(g));
        Assert.Contains("rec[b] -> rec[c] -> rec[b]", e.Message);

        Assert.Equal(["keep"], h.Engine.Status().Select(s => s.Name));
        h.Journal.Event("keep");
        await h.WaitChecks("keep", 2);
        Assert.Equal(0, h.Journal.Count("a", "init"));
    }

    [Fact]
    public async Task An_invalid_resource_is_refused_with_its_name()
    {
        await using var h = new Harness();
        var e = await Assert.ThrowsAsync<GraphException>(() => h.Commit(Harness.Graph(h.Rec("x", r => r.Invalid = true))));
        Assert.Equal("rec[x]: invalid is set, so this resource is invalid", e.Message);
        Assert.Null(h.Engine.Current);
    }

    [Fact]
    public async Task A_duplicate_and_an_empty_name_are_refused()
    {
        await using var h = new Harness();
        var dup = await Assert.ThrowsAsync<GraphException>(() => h.Commit(Harness.Graph(h.Rec("x"), h.Rec("x"))));
        Assert.Contains("rec[x] is in the graph twice", dup.Message);
        var empty = await Assert.ThrowsAsync<GraphException>(() => h.Commit(Harness.Graph(h.Rec(""))));
        Assert.StartsWith("rec[]: the name is empty", empty.Message);
    }

    [Fact]
    public async Task A_new_edge_to_a_kept_resource_orders_a_new_parent_before_it()
    {
        await using var h = new Harness();
        await h.Commit(Harness.Graph(h.Rec("child")));
        await h.WaitChecks("child", 1);

        var parent = h.Rec("parent", r => r.SleepMs = 100);
        var child = h.Rec("child");
        var g = Harness.Graph(parent, child);
        g.Connect(parent, child);
        await h.Commit(g);
        await h.WaitChecks("parent", 1);
        h.Journal.Event("child");
        await h.WaitChecks("child", 2);
        Assert.True(h.Journal.Of("parent", "end")[0].At <= h.Journal.Of("child", "start")[1].At);
    }

    [Fact]
    public async Task The_same_resource_objects_can_be_committed_again()
    {
        await using var h = new Harness();
        var a = h.Rec("b", r => r.Group = true); // the last name leads the group
        var b = h.Rec("a", r => r.Group = true);
        var g = Harness.Graph(a, b);
        await h.Commit(g);
        await h.WaitChecks("b", 1);

        await h.Commit(g); // the running objects themselves: nothing changes
        Assert.Equal(1, h.Journal.Count("b", "init"));
        Assert.Single(h.Engine.Status());
        Assert.Single(a.GroupedMembers);
    }

    [Fact]
    public async Task Each_resource_gets_a_var_dir_under_the_state_directory()
    {
        await using var h = new Harness();
        var r = h.Rec("some/name");
        await h.Commit(Harness.Graph(r));
        await h.WaitChecks("some/name", 1);
        var ctx = h.Journal.ContextOf("some/name");
        var dir = ctx.VarDir("cache");
        Assert.True(Directory.Exists(dir));
        Assert.Equal(Path.Combine(h.Options.StateDirectory, "rec", "some%2Fname", "cache"), dir);
        Assert.Equal("test-host", ctx.Hostname);
        Assert.Same(r, Assert.Single(ctx.GraphResources!));
    }
}
