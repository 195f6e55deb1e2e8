using Mgmt.Engine.Resources;
using Mgmt.Tests.Support;

namespace Mgmt.Resources.Tests.SimpleKinds;

public sealed class TimerResourceTests
{
    [Fact]
    public async Task Ticks_every_interval_as_watch_events()
    {
        var time = new ManualTime();
        await using var h = new Harness<TimerResource>(new TimerResource { Name = "t", Interval = 10 }, new FakeContext(time));
        await h.StartAsync();

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(await h.Context.WaitEventAsync(TimeSpan.FromMilliseconds(100)));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await h.Context.WaitEventAsync(TimeSpan.FromSeconds(5)));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(await h.Context.WaitEventAsync(TimeSpan.FromSeconds(5)));
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task A_refresh_restarts_the_period()
    {
        var time = new ManualTime();
        await using var h = new Harness<TimerResource>(new TimerResource { Name = "t", Interval = 10 }, new FakeContext(time));
        await h.StartAsync();

        time.Advance(TimeSpan.FromSeconds(8));
        h.Context.Refresh = true;
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.False(await h.CheckApplyAsync());

        // The old deadline (10 s) passes quietly; the new one is 10 s after the refresh.
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(await h.Context.WaitEventAsync(TimeSpan.FromMilliseconds(100)));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(await h.Context.WaitEventAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void An_interval_of_zero_is_refused()
    {
        var e = Assert.Throws<ResourceValidationException>(() => new TimerResource { Name = "t" }.Validate());
        Assert.Contains("at least 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_the_watch_stops_the_timer()
    {
        var time = new ManualTime();
        var h = new Harness<TimerResource>(new TimerResource { Name = "t", Interval = 1 }, new FakeContext(time));
        await h.StartAsync();
        Assert.Equal(1, time.PendingTimers);
        await h.DisposeAsync();
        Assert.Equal(0, time.PendingTimers);
    }
}
