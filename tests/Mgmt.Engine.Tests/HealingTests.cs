using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;
using Mgmt.Engine.Tests.Support;

namespace Mgmt.Engine.Tests;

/// <summary>A resource whose retries ran out is tried again on its watch's events and on a backoff, and heals.</summary>
public sealed class HealingTests
{
    private static Func<EngineOptions, EngineOptions> Healing(double firstMs, double maxMs) =>
        o => o with { Healing = new HealingPolicy { FirstDelay = TimeSpan.FromMilliseconds(firstMs), MaxDelay = TimeSpan.FromMilliseconds(maxMs) } };

    [Fact]
    public async Task A_failed_resource_is_tried_again_when_its_watch_reports_a_change_and_its_children_go_on()
    {
        // The backoff is far away: only the watch event can bring the next try.
        await using var h = new Harness(Healing(3_600_000, 3_600_000));
        var r = h.Rec("r", x => x.FailOn = [1]);
        var child = h.Rec("child");
        var g = Harness.Graph(r, child);
        g.Connect(r, child);
        await h.Commit(g);
        await Harness.Eventually(() => h.StatusOf("child").State == VertexState.Blocked, "the child to wait behind its failed parent");
        Assert.Equal(VertexState.Failed, h.StatusOf("r").State);

        h.Journal.Event("r");
        await h.WaitChecks("child", 1);
        Assert.Equal(VertexState.Ok, h.StatusOf("r").State);
        Assert.Equal(2, h.Journal.Count("r", "start"));
        Assert.Single(h.EventsOf("r"), e => e.Type == ResourceEventType.FailedPermanently);
    }

    [Fact]
    public async Task A_failed_resource_heals_on_the_backoff_without_any_event_and_waits_longer_each_time()
    {
        await using var h = new Harness(Healing(50, 1_000));
        await h.Commit(Harness.Graph(h.Rec("r", x => x.FailOn = [1, 2, 3])));
        await Harness.Eventually(() => h.StatusOf("r").State == VertexState.Ok, "r to heal by itself");

        var starts = h.Journal.Of("r", "start");
        var ends = h.Journal.Of("r", "end");
        Assert.Equal(4, starts.Count);
        // Lower bounds only: 50, 100 and 200 ms between a failure and the next try.
        double[] expected = [45, 95, 195];
        for (var i = 1; i < starts.Count; i++)
        {
            var gap = (starts[i].At - ends[i - 1].At) * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
            Assert.True(gap >= expected[i - 1], $"try {i} came after {gap:0} ms, before the backoff of {expected[i - 1] + 5} ms");
        }
        Assert.Single(h.EventsOf("r"), e => e.Type == ResourceEventType.FailedPermanently);
        Assert.Equal(2, h.EventsOf("r").Count(e => e.Type == ResourceEventType.Failed));
    }

    [Fact]
    public async Task Meta_retry_comes_first_and_healing_follows()
    {
        await using var h = new Harness(Healing(50, 50));
        var meta = MetaParams.Default with { Retry = 2, Delay = 10 };
        await h.Commit(Harness.Graph(h.Rec("r", x => x.FailOn = [1, 2, 3, 4], meta)));
        await Harness.Eventually(() => h.StatusOf("r").State == VertexState.Ok, "r to heal");
        var types = h.EventsOf("r").Select(e => e.Type).ToList();
        // Two immediate retries (Failed), then the failure (FailedPermanently), one more failed try, then success.
        Assert.Equal(
            [ResourceEventType.Failed, ResourceEventType.Failed, ResourceEventType.FailedPermanently, ResourceEventType.Failed],
            types.Take(4));
        Assert.Equal(5, h.Journal.Count("r", "start"));
    }

    [Fact]
    public async Task A_watch_that_keeps_failing_is_started_again_on_the_backoff_and_the_resource_heals()
    {
        await using var h = new Harness(Healing(20, 100));
        await h.Commit(Harness.Graph(h.Rec("w", x => x.WatchFail = 4)));
        await Harness.Eventually(() => h.EventsOf("w").Any(e => e.Type == ResourceEventType.FailedPermanently), "the watch to fail");
        await Harness.Eventually(() => h.Journal.Count("w", "watch") == 5, "the watch to be started again until it holds");
        await Harness.Eventually(() => h.StatusOf("w").State == VertexState.Ok, "w to heal");
    }

    [Fact]
    public async Task A_resource_that_keeps_failing_does_not_keep_the_engine_from_converging()
    {
        await using var h = new Harness(o => Healing(20, 40)(o) with { ConvergerTimeout = TimeSpan.FromMilliseconds(300) });
        await h.Commit(Harness.Graph(h.Rec("bad", x => x.FailAll = true), h.Rec("good")));
        await h.Engine.Converger.WaitConvergedAsync(TestContext.Current.CancellationToken).WaitAsync(Harness.Patience, TestContext.Current.CancellationToken);
        // It converged while the failed resource was still being tried.
        var tries = h.Journal.Count("bad", "start");
        await Harness.Eventually(() => h.Journal.Count("bad", "start") > tries, "bad to be tried again");
        Assert.Equal(VertexState.Failed, h.StatusOf("bad").State);
    }

    [Fact]
    public void The_backoff_doubles_up_to_its_maximum_and_Meta_delay_stretches_it()
    {
        var policy = HealingPolicy.Default;
        var waits = new List<double>();
        var wait = policy.First(0);
        for (var i = 0; i < 9; i++)
        {
            waits.Add(wait.TotalSeconds);
            wait = policy.Next(wait, 0);
        }
        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60], waits);
        Assert.Equal(TimeSpan.FromSeconds(5), policy.First(5_000));
        Assert.Equal(TimeSpan.FromSeconds(10), policy.Next(TimeSpan.FromSeconds(5), 5_000));
        Assert.Equal(TimeSpan.FromMinutes(2), policy.Next(TimeSpan.FromMinutes(2), 120_000));
    }
}
