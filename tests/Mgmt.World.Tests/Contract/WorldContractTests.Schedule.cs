using Mgmt.World.Tests.Support;

namespace Mgmt.World.Tests.Contract;

public abstract partial class WorldContractTests
{
    [Fact]
    public async Task Schedule_RoundRobinElectsTheEarliestAndReElectsWhenOneLeaves()
    {
        var h1 = await StartHostAsync("h1");
        var h2 = await StartHostAsync("h2");
        var h3 = await StartHostAsync("h3");
        var watcher = await StartHostAsync("watcher");
        await using var probe = new WatchProbe<IReadOnlyList<string>>(ct => watcher.WatchScheduleAsync("web", ct));
        await probe.WaitForAsync(l => l.Count == 0, what: "no candidate");

        var options = new ScheduleOptions { Strategy = ScheduleStrategy.RoundRobin, Max = 2, Ttl = Ttl };
        // Joined out of alphabetical order: rr follows arrival, not names.
        Assert.True(await h3.JoinScheduleAsync("web", options, Ct));
        Assert.False(await h3.JoinScheduleAsync("web", options, Ct));
        await h1.JoinScheduleAsync("web", options, Ct);
        await h2.JoinScheduleAsync("web", options, Ct);
        await probe.WaitForAsync(l => l.SequenceEqual(["h3", "h1"]), what: "h3 and h1 elected");
        var state = await h2.GetScheduleAsync("web", Ct);
        Assert.Equal(["h3", "h1", "h2"], state.Candidates);
        Assert.Equal(["h3", "h1"], state.Elected);

        await h3.LeaveScheduleAsync("web", Ct);
        await probe.WaitForAsync(l => l.SequenceEqual(["h1", "h2"]), TimeSpan.FromSeconds(5), "h2 elected in h3's place");
        await h1.DisposeAsync();
        await probe.WaitForAsync(l => l.SequenceEqual(["h2"]), TimeSpan.FromSeconds(5), "only h2 left");
    }

    [Fact]
    public async Task Schedule_AlphaElectsByNameAndHonoursMax()
    {
        var c = await StartHostAsync("c");
        var a = await StartHostAsync("a");
        var b = await StartHostAsync("b");
        var options = new ScheduleOptions { Strategy = ScheduleStrategy.Alphabetical, Max = 2 };
        await c.JoinScheduleAsync("db", options, Ct);
        await b.JoinScheduleAsync("db", options, Ct);
        Assert.Equal(["b", "c"], (await a.GetScheduleAsync("db", Ct)).Elected);
        await a.JoinScheduleAsync("db", options, Ct);
        Assert.Equal(["a", "b"], (await c.GetScheduleAsync("db", Ct)).Elected);
        Assert.Equal(ScheduleStrategy.Alphabetical, (await c.GetScheduleAsync("db", Ct)).Options!.Strategy);
    }

    [Fact]
    public async Task Schedule_ACrashedCandidateIsReplacedAfterItsTtl()
    {
        var a = await StartHostAsync("a");
        var b = await StartHostAsync("b");
        var options = new ScheduleOptions { Max = 1, Ttl = Ttl };
        await a.JoinScheduleAsync("leader", options, Ct);
        await b.JoinScheduleAsync("leader", options, Ct);
        await using var probe = new WatchProbe<IReadOnlyList<string>>(ct => b.WatchScheduleAsync("leader", ct));
        await probe.WaitForAsync(l => l.SequenceEqual(["a"]), what: "a elected");
        await CrashAsync(a);
        await probe.WaitForAsync(l => l.SequenceEqual(["b"]), ExpiryWait, "b elected once a's candidacy expired");
    }

    [Fact]
    public async Task Schedule_PersistKeepsTheCandidateAfterLeavingAndWithdrawRemovesIt()
    {
        var a = await StartHostAsync("a");
        var b = await StartHostAsync("b");
        await a.JoinScheduleAsync("batch", new ScheduleOptions { Persist = true }, Ct);
        await a.LeaveScheduleAsync("batch", Ct);
        await a.DisposeAsync();
        Assert.Equal(["a"], (await b.GetScheduleAsync("batch", Ct)).Elected);

        // A new run of "a" can take its persisted registration back out.
        var again = await StartHostAsync("a");
        Assert.True(await again.WithdrawScheduleAsync("batch", Ct));
        Assert.False(await again.WithdrawScheduleAsync("batch", Ct));
        Assert.Empty((await b.GetScheduleAsync("batch", Ct)).Candidates);

        await b.JoinScheduleAsync("batch", new ScheduleOptions(), Ct);
        Assert.True(await b.WithdrawScheduleAsync("batch", Ct));
        Assert.Empty((await again.GetScheduleAsync("batch", Ct)).Candidates);
    }

    [Fact]
    public async Task Schedule_OptionsAreCheckedAndTheFirstCandidatesOptionsApply()
    {
        var a = await StartHostAsync("a");
        var b = await StartHostAsync("b");
        await Assert.ThrowsAsync<ArgumentException>(() => a.JoinScheduleAsync("x", new ScheduleOptions { Max = 0 }, Ct));
        await a.JoinScheduleAsync("x", new ScheduleOptions { Max = 1 }, Ct);
        await b.JoinScheduleAsync("x", new ScheduleOptions { Max = 5 }, Ct);
        Assert.Equal(["a"], (await b.GetScheduleAsync("x", Ct)).Elected);
        // Changing one's own options in place keeps one's place in the order.
        await a.JoinScheduleAsync("x", new ScheduleOptions { Max = 2 }, Ct);
        Assert.Equal(["a", "b"], (await b.GetScheduleAsync("x", Ct)).Elected);
    }
}
