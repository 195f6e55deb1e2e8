using System.Collections.Concurrent;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Tests.Support;

namespace Mgmt.Engine.Tests;

public sealed class ConvergerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task The_engine_converges_once_everything_is_idle_for_the_timeout()
    {
        await using var h = new Harness(o => o with { ConvergerTimeout = Timeout });
        var a = h.Rec("a", r => r.Dirty = true);
        var b = h.Rec("b");
        var g = Harness.Graph(a, b);
        g.Connect(a, b);
        Assert.False(h.Engine.Converger.IsConverged);

        await h.Commit(g);
        await h.Engine.Converger.WaitConvergedAsync(TestContext.Current.CancellationToken).WaitAsync(Harness.Patience, TestContext.Current.CancellationToken);
        Assert.True(h.Engine.Converger.IsConverged);
        Assert.Equal(1, h.Journal.Count("b", "end")); // converged means after the work, not before it
    }

    [Fact]
    public async Task A_change_leaves_the_converged_state_and_it_converges_again()
    {
        await using var h = new Harness(o => o with { ConvergerTimeout = Timeout });
        var transitions = new ConcurrentQueue<bool>();
        h.Engine.Converger.StateChanged += transitions.Enqueue;
        var a = h.Rec("a");
        await h.Commit(Harness.Graph(a));
        await h.Engine.Converger.WaitConvergedAsync(TestContext.Current.CancellationToken).WaitAsync(Harness.Patience, TestContext.Current.CancellationToken);

        // A check that finds everything right is no change.
        h.Journal.Event("a");
        await h.WaitChecks("a", 2);
        await Harness.Never(() => !h.Engine.Converger.IsConverged, "a clean check left the converged state");

        a.Dirty = true; // the state drifted: the next check repairs it
        h.Journal.Event("a");
        await Harness.Eventually(() => transitions.Count >= 3, "leaving and converging again");
        Assert.Equal([true, false, true], transitions.Take(3));
    }

    [Fact]
    public async Task An_empty_graph_converges_after_the_timeout_and_nothing_converges_before_a_graph()
    {
        await using var h = new Harness(o => o with { ConvergerTimeout = TimeSpan.Zero });
        await Harness.Never(() => h.Engine.Converger.IsConverged, "converged before any graph");
        await h.Commit(Harness.Graph());
        await h.Engine.Converger.WaitConvergedAsync(TestContext.Current.CancellationToken).WaitAsync(Harness.Patience, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_permanent_failure_and_what_waits_behind_it_do_not_prevent_converging()
    {
        await using var h = new Harness(o => o with { ConvergerTimeout = Timeout });
        var bad = h.Rec("bad", r => r.FailAll = true);
        var child = h.Rec("child");
        var g = Harness.Graph(bad, child);
        g.Connect(bad, child);
        await h.Commit(g);
        await h.Engine.Converger.WaitConvergedAsync(TestContext.Current.CancellationToken).WaitAsync(Harness.Patience, TestContext.Current.CancellationToken);
        Assert.Equal(Runtime.VertexState.Blocked, h.StatusOf("child").State);
    }

    [Fact]
    public async Task Without_a_timeout_the_engine_never_converges()
    {
        await using var h = new Harness();
        await h.Commit(Harness.Graph(h.Rec("a")));
        await h.WaitChecks("a", 1);
        await Harness.Never(() => h.Engine.Converger.IsConverged, "converged without a timeout");
    }

    [Fact]
    public async Task A_retrying_resource_is_not_converged()
    {
        await using var h = new Harness(o => o with { ConvergerTimeout = TimeSpan.FromMilliseconds(50) });
        await h.Commit(Harness.Graph(h.Rec("flaky", r => r.FailOn = [1], MetaParams.Default with { Retry = 1, Delay = 400 })));
        await Harness.Eventually(() => h.Journal.Count("flaky", "end") == 1, "the first failure");
        await Harness.Never(() => h.Engine.Converger.IsConverged, "converged while a retry was pending", 250);
        await h.Engine.Converger.WaitConvergedAsync(TestContext.Current.CancellationToken).WaitAsync(Harness.Patience, TestContext.Current.CancellationToken);
        Assert.Equal(2, h.Journal.Count("flaky", "end"));
    }
}
