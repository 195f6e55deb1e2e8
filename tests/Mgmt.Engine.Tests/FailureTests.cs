using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;
using Mgmt.Engine.Tests.Support;

namespace Mgmt.Engine.Tests;

public sealed class FailureTests
{
    [Fact]
    public async Task A_failed_parent_blocks_its_children_and_the_rest_keeps_running()
    {
        await using var h = new Harness();
        var bad = h.Rec("bad", r => r.FailAll = true);
        var child = h.Rec("child");
        var grandchild = h.Rec("grandchild");
        var other = h.Rec("other");
        var g = Harness.Graph(bad, child, grandchild, other);
        g.Connect(bad, child);
        g.Connect(child, grandchild);

        await h.Commit(g);
        await h.WaitChecks("other", 1);
        await Harness.Eventually(() => h.EventsOf("bad").Any(e => e.Type == ResourceEventType.FailedPermanently), "bad to fail");

        var failure = h.EventsOf("bad").Single(e => e.Type == ResourceEventType.FailedPermanently);
        Assert.Contains("rec[bad]", failure.Error!.Message);
        Assert.Contains("failure number 1", failure.Error.Message);
        await Harness.Eventually(() => h.StatusOf("child").State == VertexState.Blocked, "child to be blocked");
        await Harness.Eventually(() => h.StatusOf("grandchild").State == VertexState.Blocked, "grandchild to be blocked");
        Assert.Equal(VertexState.Failed, h.StatusOf("bad").State);
        Assert.Equal(0, h.Journal.Count("child", "start"));

        // Others keep reacting to events.
        h.Journal.Event("other");
        await h.WaitChecks("other", 2);
    }

    [Fact]
    public async Task A_failing_CheckApply_is_retried_after_the_delay_and_then_succeeds()
    {
        await using var h = new Harness();
        var meta = MetaParams.Default with { Retry = 3, Delay = 50 };
        var flaky = h.Rec("flaky", r => r.FailOn = [1, 2], meta);
        var child = h.Rec("child");
        var g = Harness.Graph(flaky, child);
        g.Connect(flaky, child);

        await h.Commit(g);
        await h.WaitChecks("child", 1);

        Assert.Equal(3, h.Journal.Count("flaky", "start"));
        Assert.Equal(2, h.EventsOf("flaky").Count(e => e.Type == ResourceEventType.Failed));
        Assert.DoesNotContain(h.EventsOf("flaky"), e => e.Type == ResourceEventType.FailedPermanently);
        var starts = h.Journal.Of("flaky", "start");
        var ends = h.Journal.Of("flaky", "end");
        for (var i = 1; i < starts.Count; i++)
        {
            // A lower bound only: the retry must wait at least Meta:delay.
            var gap = TimeSpan.FromSeconds((starts[i].At - ends[i - 1].At) / (double)System.Diagnostics.Stopwatch.Frequency);
            Assert.True(gap >= TimeSpan.FromMilliseconds(45), $"retry {i} came after {gap.TotalMilliseconds} ms");
        }
        // The child ran only after its parent succeeded.
        Assert.True(ends[^1].At <= h.Journal.Of("child", "start")[0].At);
    }

    // Tests of Meta:retry alone: the healing tries that follow come long after the test.
    private static EngineOptions SlowHealing(EngineOptions o) => o with { Healing = new HealingPolicy { FirstDelay = TimeSpan.FromHours(1) } };

    [Fact]
    public async Task Retries_run_out_and_the_resource_is_failed()
    {
        await using var h = new Harness(SlowHealing);
        await h.Commit(Harness.Graph(h.Rec("bad", r => r.FailAll = true, MetaParams.Default with { Retry = 2 })));
        await Harness.Eventually(() => h.EventsOf("bad").Any(e => e.Type == ResourceEventType.FailedPermanently), "bad to fail");
        await Harness.Never(() => h.Journal.Count("bad", "start") > 3, "more tries than Meta:retry allows");
        Assert.Equal(3, h.Journal.Count("bad", "start"));
        Assert.Equal(2, h.EventsOf("bad").Count(e => e.Type == ResourceEventType.Failed));
    }

    [Fact]
    public async Task RetryReset_gives_the_retries_back_after_a_success()
    {
        await using var h = new Harness();
        var meta = MetaParams.Default with { Retry = 1, RetryReset = true };
        await h.Commit(Harness.Graph(h.Rec("r", r => r.FailOn = [1, 3], meta)));
        await h.WaitChecks("r", 2);
        h.Journal.Event("r");
        await h.WaitChecks("r", 4);
        Assert.DoesNotContain(h.EventsOf("r"), e => e.Type == ResourceEventType.FailedPermanently);
    }

    [Fact]
    public async Task Without_RetryReset_the_retries_are_spent_for_good()
    {
        await using var h = new Harness();
        var meta = MetaParams.Default with { Retry = 1 };
        await h.Commit(Harness.Graph(h.Rec("r", r => r.FailOn = [1, 3], meta)));
        await h.WaitChecks("r", 2);
        h.Journal.Event("r");
        await Harness.Eventually(() => h.EventsOf("r").Any(e => e.Type == ResourceEventType.FailedPermanently), "r to fail");
    }

    [Fact]
    public async Task Retry_counters_survive_a_swap_and_rewatch_restarts_a_failed_resource()
    {
        await using var h = new Harness(SlowHealing);
        var meta = MetaParams.Default with { Retry = 1 };
        await h.Commit(Harness.Graph(h.Rec("r", r => r.FailAll = true, meta)));
        await Harness.Eventually(() => h.StatusOf("r").State == VertexState.Failed, "r to fail");

        // The same resource again: it stays failed, nothing runs before its next healing try.
        await h.Commit(Harness.Graph(h.Rec("r", r => r.FailAll = true, meta)));
        await Harness.Never(() => h.Journal.Count("r", "start") > 2, "a failed resource ran again without rewatch");
        Assert.Equal(VertexState.Failed, h.StatusOf("r").State);

        // With rewatch it is restarted, with fresh retries.
        await h.Commit(Harness.Graph(h.Rec("r", r => r.FailOn = [3], meta with { Rewatch = true })));
        await h.WaitChecks("r", 4);
        await Harness.Eventually(() => h.StatusOf("r").State == VertexState.Ok, "the restarted resource to succeed");
    }

    [Fact]
    public async Task The_retry_counter_is_kept_when_params_change_unless_Meta_reset()
    {
        await using var h = new Harness(SlowHealing);
        var meta = MetaParams.Default with { Retry = 1 };
        await h.Commit(Harness.Graph(h.Rec("r", r => r.FailOn = [1], meta)));
        await h.WaitChecks("r", 2); // one retry spent

        // Changed params, no reset: the next failure finds no retry left.
        await h.Commit(Harness.Graph(h.Rec("r", r => { r.FailOn = [3]; r.Number = 1; }, meta)));
        await Harness.Eventually(() => h.StatusOf("r").State == VertexState.Failed, "r to fail with no retries left");

        // Changed params with Meta:reset: retries are back.
        await h.Commit(Harness.Graph(h.Rec("r", r => { r.FailOn = [4]; r.Number = 2; }, meta with { Reset = true })));
        await h.WaitChecks("r", 5);
        await Harness.Eventually(() => h.StatusOf("r").State == VertexState.Ok, "r to succeed after its retry");
    }

    [Fact]
    public async Task A_failing_watch_is_restarted_and_a_watch_that_keeps_failing_fails()
    {
        await using var h = new Harness(SlowHealing);
        var ok = h.Rec("recovers", r => r.WatchFail = 2, MetaParams.Default with { Retry = 2, Delay = 10 });
        var bad = h.Rec("broken", r => r.WatchFail = 5, MetaParams.Default with { Retry = 1 });
        await h.Commit(Harness.Graph(ok, bad));

        await Harness.Eventually(() => h.Journal.Count("recovers", "watch") == 3, "the watch to be restarted twice");
        await h.WaitChecks("recovers", 1);
        await Harness.Eventually(() => h.EventsOf("broken").Any(e => e.Type == ResourceEventType.FailedPermanently), "broken to fail");
        Assert.Contains("Watch failed: the watch broke", h.EventsOf("broken").First(e => e.Type == ResourceEventType.FailedPermanently).Error!.Message);
        Assert.DoesNotContain(h.EventsOf("recovers"), e => e.Type == ResourceEventType.FailedPermanently);
    }

    [Fact]
    public async Task An_unexpected_exception_becomes_an_error_that_names_the_resource()
    {
        await using var h = new Harness();
        await h.Commit(Harness.Graph(h.Rec("buggy", r => r.Crash = true)));
        await Harness.Eventually(() => h.EventsOf("buggy").Any(e => e.Type == ResourceEventType.FailedPermanently), "buggy to fail");
        var error = h.EventsOf("buggy").First(e => e.Type == ResourceEventType.FailedPermanently).Error!;
        Assert.IsType<ResourceFailureException>(error);
        Assert.Equal("rec[buggy]: CheckApply failed: NullReferenceException: boom", error.Message);
        Assert.Equal("rec[buggy]: CheckApply failed: NullReferenceException: boom", h.StatusOf("buggy").LastError);
    }

    [Fact]
    public void A_resource_s_own_exceptions_show_their_message_and_bugs_their_type()
    {
        var resource = new RecorderResource { Name = "r" };
        Assert.Equal("rec[r]: CheckApply failed: cmd did not finish within 1 s",
            ResourceFailureException.From(resource, "CheckApply", new TimeoutException("cmd did not finish within 1 s")).Message);
        var bug = ResourceFailureException.From(resource, "Watch", new KeyNotFoundException("no key"));
        Assert.Equal("rec[r]: Watch failed: KeyNotFoundException: no key", bug.Message);
        Assert.Equal("Watch failed: KeyNotFoundException: no key", bug.Detail);
    }
}
