using Mgmt.Engine.Values;
using Mgmt.Lang.Core.HistoryFunctions;
using Mgmt.Lang.Tests.Core.Support;
using Mgmt.Tests.Support;
using static Mgmt.Lang.Tests.Runtime.PropagationTests;
using static Mgmt.Lang.Tests.Runtime.Support.RuntimeHarness;

namespace Mgmt.Lang.Tests.Runtime;

/// <summary><c>history(value, ms)</c>: the value as it was some time ago, on the runtime's clock.</summary>
public sealed class HistoryTests
{
    [Fact]
    public async Task TheValueAppearsOnlyOnceItIsOldEnough()
    {
        var time = new ManualTime(DateTimeOffset.UnixEpoch);
        await using var h = Start("""
            import "fake"
            widget "w" {
            	count => history(fake.number("v"), 1000),
            }
            """, time);
        var next = h.NextGraphAsync();
        h.Sources.Push("v", 1);
        await time.WaitForSleeperAsync();
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, Count(await next));

        // Each later value shows up exactly one second after it arrived.
        foreach (var v in new long[] { 2, 3 })
        {
            next = h.NextGraphAsync();
            h.Sources.Push("v", v);
            await time.WaitForSleeperAsync();
            time.Advance(TimeSpan.FromMilliseconds(999));
            Assert.False(next.IsCompleted);
            time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(v, Count(await next));
        }
    }

    [Fact]
    public void TheTimelineAnswersWithTheValueInEffectAtTheCutOff()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        var timeline = new HistoryTimeline();
        timeline.Add(t0, Value.Int(1));
        timeline.Add(t0.AddSeconds(1), Value.Int(2));
        timeline.Add(t0.AddSeconds(1.5), Value.Int(3));
        Assert.Null(timeline.ValueAt(t0.AddSeconds(-1)));
        Assert.Equal(t0.AddSeconds(1), timeline.NextDue(t0.AddSeconds(-1), TimeSpan.FromSeconds(1)));
        Assert.Equal(Value.Int(1), timeline.ValueAt(t0.AddSeconds(0.5)));
        Assert.Equal(t0.AddSeconds(2), timeline.NextDue(t0.AddSeconds(0.5), TimeSpan.FromSeconds(1)));
        Assert.Equal(Value.Int(2), timeline.ValueAt(t0.AddSeconds(1.2)));
        Assert.Equal(2, timeline.Count); // the value no longer needed was dropped
        Assert.Equal(Value.Int(3), timeline.ValueAt(t0.AddSeconds(9)));
        Assert.Null(timeline.NextDue(t0.AddSeconds(9), TimeSpan.FromSeconds(1)));
        Assert.Equal(1, timeline.Count);
    }

    [Fact]
    public async Task NoDelayPassesValuesStraightThrough()
    {
        await using var h = Start("""
            import "fake"
            widget "w" {
            	count => history(fake.number("v"), 0),
            }
            """);
        h.Sources.Push("v", 7);
        Assert.Equal(7, Count(await h.NextGraphAsync()));
        h.Sources.Push("v", 8);
        Assert.Equal(8, Count(await h.NextGraphAsync()));
    }
}
