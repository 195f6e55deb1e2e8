using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;
using Mgmt.Engine.Tests.Support;

namespace Mgmt.Engine.Tests;

/// <summary>A watch made of callbacks (<see cref="ISubscribedWatch"/>): no task while idle, the task watch as fallback.</summary>
public sealed class SubscribedWatchTests
{
    private static SubscribedResource Sub(Harness h, string name, Action<SubscribedResource>? configure = null, MetaParams? meta = null)
    {
        var r = new SubscribedResource { Name = name, Journal = h.Journal.Id, Meta = meta ?? MetaParams.Default };
        configure?.Invoke(r);
        return r;
    }

    [Fact]
    public async Task Events_of_the_subscription_check_again_and_a_stop_ends_it_once()
    {
        await using var h = new Harness();
        await h.Commit(Harness.Graph(Sub(h, "a")));
        await h.WaitChecks("a", 1);
        Assert.Equal(1, h.Journal.Count("a", "subscribe"));
        Assert.Equal(0, h.Journal.Count("a", "watch"));

        h.Journal.Event("a");
        await h.WaitChecks("a", 2);

        await h.Commit(Harness.Graph());
        await Harness.Eventually(() => h.Journal.Count("a", "cleanup") == 1, "a to be cleaned up");
        Assert.Equal(1, h.Journal.Count("a", "unsubscribe"));
        Assert.Equal(0, h.Journal.Count("a", "unsubscribed twice"));
        // Unsubscribed before the cleanup.
        Assert.True(h.Journal.Of("a", "unsubscribe")[0].At <= h.Journal.Of("a", "cleanup")[0].At);
    }

    [Fact]
    public async Task A_broken_subscription_is_a_watch_failure_and_the_task_watch_takes_over()
    {
        await using var h = new Harness();
        var a = Sub(h, "a", meta: MetaParams.Default with { Retry = 1, Delay = 10 });
        await h.Commit(Harness.Graph(a));
        await h.WaitChecks("a", 1);

        a.Break(new IOException("the watched directory was unmounted"));
        await Harness.Eventually(() => h.Journal.Count("a", "watch") == 1, "the task watch to start");
        await Harness.Eventually(() => h.Journal.Count("a", "unsubscribe") == 1, "the broken subscription to end");
        var failed = h.EventsOf("a").Single(e => e.Type == ResourceEventType.Failed);
        Assert.Contains("unmounted", failed.Error!.Message);
        // The new watch is in place: the state is checked again, and events still work.
        await h.WaitChecks("a", 2);
        var checks = h.Journal.Count("a", "end");
        h.Journal.Event("a");
        await h.WaitChecks("a", checks + 1);

        await h.Commit(Harness.Graph());
        await Harness.Eventually(() => h.Journal.Count("a", "unwatch") == 1, "the task watch to stop");
        Assert.Equal(1, h.Journal.Count("a", "unsubscribe"));
        // A break after the subscription ended changes nothing.
        a.Break(new IOException("late"));
        await Harness.Never(() => h.Journal.Count("a", "watch") > 1, "a watch restarted after the stop");
    }

    [Fact]
    public async Task A_subscription_that_cannot_start_is_retried_as_a_task_watch()
    {
        await using var h = new Harness();
        await h.Commit(Harness.Graph(Sub(h, "a", r => r.StartFail = 1, MetaParams.Default with { Retry = 1, Delay = 10 })));
        await h.WaitChecks("a", 1);
        Assert.Equal(0, h.Journal.Count("a", "subscribe"));
        Assert.Equal(1, h.Journal.Count("a", "watch"));
        Assert.Contains("could not start", h.EventsOf("a").Single(e => e.Type == ResourceEventType.Failed).Error!.Message);
    }

    [Fact]
    public async Task A_resource_that_declines_watches_with_a_task_and_no_failure()
    {
        await using var h = new Harness();
        await h.Commit(Harness.Graph(Sub(h, "a", r => r.Decline = true)));
        await h.WaitChecks("a", 1);
        Assert.Equal(1, h.Journal.Count("a", "watch"));
        Assert.DoesNotContain(h.EventsOf("a"), e => e.Type is ResourceEventType.Failed or ResourceEventType.FailedPermanently);
        h.Journal.Event("a");
        await h.WaitChecks("a", 2);
    }

    [Fact]
    public async Task Meta_poll_uses_the_timer_and_not_the_subscription()
    {
        await using var h = new Harness();
        await h.Commit(Harness.Graph(Sub(h, "a", meta: MetaParams.Default with { Poll = 1 })));
        await h.WaitChecks("a", 1);
        Assert.Equal(0, h.Journal.Count("a", "subscribe"));
        Assert.Equal(0, h.Journal.Count("a", "watch"));
    }
}
