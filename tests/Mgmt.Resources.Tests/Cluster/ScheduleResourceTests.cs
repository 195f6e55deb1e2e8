using Mgmt.Engine.Resources;
using Mgmt.Tests.Support;
using Mgmt.World;

namespace Mgmt.Resources.Tests.Cluster;

/// <summary>The schedule resource against a world; run over the embedded world and over a real etcd (below).</summary>
public abstract class ScheduleResourceTests : IAsyncLifetime
{
    private TwoHosts _hosts = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract Task<TwoHosts> StartHostsAsync();

    public async ValueTask InitializeAsync() => _hosts = await StartHostsAsync();

    public ValueTask DisposeAsync() => _hosts.DisposeAsync();

    [Fact]
    public async Task Checking_joins_the_schedule_and_leaving_the_graph_leaves_it()
    {
        var h = await Support.ResourceHarness<ScheduleResource>.StartAsync(new ScheduleResource { Name = "web", Max = 2 }, _hosts.Context());
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.Empty((await _hosts.Peer.GetScheduleAsync("web", Ct)).Candidates);
        Assert.False(await h.CheckApplyAsync());
        Assert.True(await h.CheckApplyAsync());
        var state = await _hosts.Peer.GetScheduleAsync("web", Ct);
        Assert.Equal(["self"], state.Elected);
        Assert.Equal(2, state.Options!.Max);
        Assert.True(h.Context.Log.Contains("candidate of schedule web"));

        await h.DisposeAsync(); // Cleanup: the resource left the graph
        Assert.Empty((await _hosts.Peer.GetScheduleAsync("web", Ct)).Candidates);
    }

    [Fact]
    public async Task A_persisted_candidacy_survives_leaving_the_graph()
    {
        var h = await Support.ResourceHarness<ScheduleResource>.StartAsync(new ScheduleResource { Name = "db", Persist = true }, _hosts.Context());
        await h.ConvergeAsync();
        await h.DisposeAsync();
        Assert.Equal(["self"], (await _hosts.Peer.GetScheduleAsync("db", Ct)).Candidates);

        // withdraw => true removes it, as the reference documents for this case.
        await using var w = await Support.ResourceHarness<ScheduleResource>.StartAsync(new ScheduleResource { Name = "db", Withdraw = true }, _hosts.Context());
        Assert.False(await w.CheckApplyAsync(apply: false));
        Assert.False(await w.CheckApplyAsync());
        Assert.Empty((await _hosts.Peer.GetScheduleAsync("db", Ct)).Candidates);
        Assert.True(await w.CheckApplyAsync());
    }

    [Fact]
    public async Task A_change_of_the_elected_hosts_wakes_the_watch()
    {
        // One step at a time, each waiting for its own event: the watch reports each new elected list once, and
        // merges lists only when they come faster than it reads. (Draining the events after converging and then
        // waiting 5 s raced twice: a late report of this host's own join passed for the peer's, proving nothing,
        // and on a loaded machine the peer's report could take longer than 5 s, failing for no fault.)
        // The bound only catches a watch that never wakes; it is not a measure of speed.
        var patience = TimeSpan.FromSeconds(30);
        await using var h = await Support.ResourceHarness<ScheduleResource>.StartAsync(new ScheduleResource { Name = "ns", Namespace = "pool", Max = 2 }, _hosts.Context());
        Assert.True(await h.Context.WaitForEventAsync(patience), "the watch reports the first elected list (nobody)");
        Assert.Equal(1, await h.ConvergeAsync());
        Assert.True(await h.Context.WaitForEventAsync(patience), "the watch reports this host's own election");
        Assert.Equal(2, h.Context.EventCount);

        await _hosts.Peer.JoinScheduleAsync("pool", new ScheduleOptions(), Ct);
        Assert.True(await h.Context.WaitForEventAsync(patience), "the watch wakes when the peer is elected too");
        Assert.Equal(3, h.Context.EventCount);
        Assert.Equal(["self", "peer"], (await _hosts.Self.GetScheduleAsync("pool", Ct)).Elected);
    }
}

public sealed class EmbeddedScheduleResourceTests : ScheduleResourceTests
{
    protected override Task<TwoHosts> StartHostsAsync() => TwoHosts.StartAsync();
}

public sealed class EtcdScheduleResourceTests(EtcdMemberForTests etcd) : ScheduleResourceTests, IClassFixture<EtcdMemberForTests>
{
    protected override Task<TwoHosts> StartHostsAsync() => TwoHosts.StartOnEtcdAsync(etcd.ClientUrl);
}

/// <summary>What the schedule resource refuses before it touches any world.</summary>
public sealed class ScheduleValidationTests
{
    [Theory]
    [InlineData("round", "unknown schedule strategy")]
    [InlineData(null, "max")]
    public void Bad_options_are_refused(string? strategy, string mentioned)
    {
        var e = Assert.Throws<ResourceValidationException>(() => new ScheduleResource { Name = "x", Strategy = strategy, Max = strategy is null ? 0 : 1 }.Validate());
        Assert.Contains(mentioned, e.Message);
    }

    [Fact]
    public void Withdraw_refuses_options_that_only_make_sense_when_joining()
    {
        var e = Assert.Throws<ResourceValidationException>(() => new ScheduleResource { Name = "x", Withdraw = true, Max = 2, Ttl = 5 }.Validate());
        Assert.Contains("max, ttl", e.Message);
    }

    [Fact]
    public void A_ttl_of_zero_means_the_default_as_in_the_reference()
    {
        var r = new ScheduleResource { Name = "x", Ttl = 0 };
        r.Validate();
        Assert.Null(r.Options().Ttl);
        Assert.Equal(TimeSpan.FromSeconds(7), new ScheduleResource { Name = "x", Ttl = 7 }.Options().Ttl);
    }

    [Fact]
    public void A_namespace_with_a_slash_is_refused()
    {
        var e = Assert.Throws<ResourceValidationException>(() => new ScheduleResource { Name = "a/b" }.Validate());
        Assert.Contains("'/'", e.Message);
    }
}
