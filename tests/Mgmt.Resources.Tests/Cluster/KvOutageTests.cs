using Mgmt.Resources.Tests.Support;
using Mgmt.World;

namespace Mgmt.Resources.Tests.Cluster;

/// <summary>While the store is unreachable a kv check waits for it, says so, and finishes when it is back.</summary>
public sealed class KvOutageTests : IAsyncLifetime
{
    private TwoHosts _hosts = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _hosts = await TwoHosts.StartAsync();

    public ValueTask DisposeAsync() => _hosts.DisposeAsync();

    private TestResourceContext FlakyContext(FlakyWorld world)
    {
        var context = new TestResourceContext { Hostname = "self" };
        context.ServiceMap.Add<IWorld>(world);
        return context;
    }

    [Fact]
    public async Task A_write_during_an_outage_waits_and_lands_when_the_store_answers()
    {
        var world = new FlakyWorld(_hosts.Self) { FailNext = 1 };
        await using var h = await ResourceHarness<KvResource>.StartAsync(new KvResource { Name = "k", Value = "v" }, FlakyContext(world));
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("v", await _hosts.Peer.GetStringAsync("k", Ct));
        Assert.True(h.Context.Log.Contains("Waiting for the store: trying again in 1 s"));
    }

    [Fact]
    public async Task A_resource_that_stops_does_not_wait_for_the_store()
    {
        var world = new FlakyWorld(_hosts.Self) { FailNext = int.MaxValue };
        var h = await ResourceHarness<KvResource>.StartAsync(new KvResource { Name = "k", Value = "v" }, FlakyContext(world));
        var check = h.CheckApplyAsync();
        await Task.Delay(100, Ct);
        Assert.False(check.IsCompleted, "the check should wait for the store");
        await h.DisposeAsync(); // the engine stops the resource: its watch's token is cancelled
        // It ends at once, and not as a failure (the engine would mark a replaced kv "failed for good" and lose the
        // write): what replaces it writes the value wanted now.
        Assert.True(await check.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Null(await _hosts.Peer.GetStringAsync("k", Ct));
        Assert.True(h.Context.Log.Contains("left the graph while its check waited for the store"));
    }
}
