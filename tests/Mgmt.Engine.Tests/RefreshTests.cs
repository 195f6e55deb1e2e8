using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;
using Mgmt.Engine.Tests.Support;

namespace Mgmt.Engine.Tests;

public sealed class RefreshTests
{
    [Fact]
    public async Task A_parent_that_changes_something_refreshes_its_notified_child_once()
    {
        await using var h = new Harness();
        var parent = h.Rec("parent", r => r.Dirty = true);
        var child = h.Rec("child");
        var g = Harness.Graph(parent, child);
        g.Connect(parent, child, notify: true);

        await h.Commit(g);
        await Harness.Eventually(() => h.Journal.Of("child", "start").Any(e => e.Refresh), "the child to be refreshed");

        // The refresh was served: a later event on the child is an ordinary check.
        h.Journal.Event("child");
        await Harness.Eventually(() => h.Journal.Of("child", "start").Count(e => !e.Refresh) >= 1, "an ordinary check of the child");
        Assert.Single(h.Journal.Of("child", "start"), e => e.Refresh);
    }

    [Fact]
    public async Task A_clean_child_runs_CheckApply_when_refreshed()
    {
        await using var h = new Harness();
        var parent = h.Rec("parent");
        var child = h.Rec("child");
        var g = Harness.Graph(parent, child);
        g.Connect(parent, child, notify: true);
        await h.Commit(g);
        await h.WaitChecks("child", 1);
        Assert.DoesNotContain(h.Journal.Of("child", "start"), e => e.Refresh);

        // The parent drifts and is repaired: the child has nothing to do but must refresh.
        parent.Dirty = true;
        h.Journal.Event("parent");
        await Harness.Eventually(() => h.Journal.Of("child", "start").Any(e => e.Refresh), "the refresh to reach the child");
    }

    [Fact]
    public async Task A_plain_edge_carries_no_refresh()
    {
        await using var h = new Harness();
        var parent = h.Rec("parent", r => r.Dirty = true);
        var child = h.Rec("child");
        var g = Harness.Graph(parent, child);
        g.Connect(parent, child);
        await h.Commit(g);
        await h.WaitChecks("child", 1);
        await Harness.Never(() => h.Journal.Of("child", "start").Any(e => e.Refresh) || h.Journal.Count("child", "start") > 1, "a refresh on a plain edge");
    }

    [Fact]
    public async Task In_noop_a_pending_refresh_reports_a_change_that_would_be_made()
    {
        await using var h = new Harness();
        var parent = h.Rec("parent", r => r.Dirty = true);
        var child = h.Rec("child", meta: MetaParams.Default with { Noop = true });
        var g = Harness.Graph(parent, child);
        g.Connect(parent, child, notify: true);

        await h.Commit(g);
        await Harness.Eventually(() => h.Journal.Of("child", "start").Any(e => e.Refresh), "the refresh to reach the child");
        await Harness.Eventually(() => h.EventsOf("child").Any(e => e.Type == ResourceEventType.Changed), "the child to report it would change");
        Assert.All(h.EventsOf("child").Where(e => e.Type == ResourceEventType.Changed), e => Assert.False(e.CheckOk));
    }
}
