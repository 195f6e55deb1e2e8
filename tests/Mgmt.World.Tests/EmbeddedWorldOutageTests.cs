using Mgmt.World.Embedded;
using Mgmt.World.Store;
using Mgmt.World.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Mgmt.World.Tests;

/// <summary>What an agent does while its store is unreachable, checked in process with the store's test hooks.</summary>
public sealed class EmbeddedWorldOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ListLogger _log = new();

    private WorldOptions Host(string name) => new()
    {
        Hostname = name,
        Logger = _log,
        SessionTtl = TimeSpan.FromSeconds(1),
        OperationTimeout = TimeSpan.FromMilliseconds(500),
    };

    [Fact]
    public async Task CallsFailClearlyWatchesWaitAndEverythingCatchesUpWhenTheStoreReturns()
    {
        await using var store = new MemoryKeyValueStore();
        await using var a = await EmbeddedWorld.StartAsync(Host("a"), store, Ct);
        await using var b = await EmbeddedWorld.StartAsync(Host("b"), store, Ct);
        await a.SetMapValueAsync("m", "from-a", Ct);
        await using var probe = new WatchProbe<IReadOnlyDictionary<string, string>>(ct => b.WatchMapAsync("m", ct));
        await probe.WaitForAsync(m => m.Count == 1, what: "a's entry");

        store.Offline = true;
        var e = await Assert.ThrowsAsync<WorldUnavailableException>(() => b.GetStringAsync("x", Ct));
        Assert.Contains("did not answer", e.Message);
        Assert.Contains("check that the store is running", e.Message);
        // Long enough for every lease to run out, as after a long etcd outage.
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        store.Offline = false;

        // The keepers notice their lost leases and publish again; the watch resumes and sees it all.
        await b.SetMapValueAsync("m", "from-b", Ct);
        await probe.WaitForAsync(m => m.Count == 2 && m["a"] == "from-a" && m["b"] == "from-b", TimeSpan.FromSeconds(10), "both entries after the outage");
        await Eventually.TrueAsync(async () => (await a.GetHostsAsync(Ct)).Count == 2, TimeSpan.FromSeconds(10), "both hosts present again");

        // And it said so: the outage, the lost leases, the return.
        var lines = _log.Lines;
        Assert.Contains(lines, l => l.Level == LogLevel.Warning && l.Message.Contains("the store is unreachable", StringComparison.Ordinal) && l.Message.Contains("retries in", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EventId == 5004 && l.Message.Contains("publishing this host's entries again", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EventId == 5002 && l.Message.Contains("reachable again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWatchListsAgainWhenTheRevisionsItMissedWereCompacted()
    {
        await using var store = new MemoryKeyValueStore();
        await using var a = await EmbeddedWorld.StartAsync(Host("a"), store, Ct);
        await using var probe = new WatchProbe<string?>(ct => a.WatchStringAsync("k", ct));
        await probe.WaitForAsync(v => v is null, what: "the empty start");
        store.Offline = true;
        store.Offline = false;
        await a.SetStringAsync("k", "written while the watch reconnects", Ct);
        store.Compact();
        await probe.WaitForAsync(v => v == "written while the watch reconnects", TimeSpan.FromSeconds(10), "the value after a re-list");
    }

    [Fact]
    public async Task TheWorldRefusesBadOptionsBeforeTouchingTheStore()
    {
        await Assert.ThrowsAsync<WorldKeyException>(() => EmbeddedWorld.StartAsync(new WorldOptions { Hostname = "" }, cancellationToken: Ct));
        await Assert.ThrowsAsync<WorldKeyException>(() => EmbeddedWorld.StartAsync(new WorldOptions { Hostname = "a", Cluster = "a/b" }, cancellationToken: Ct));
        var e = await Assert.ThrowsAsync<WorldException>(() => EmbeddedWorld.StartAsync(new WorldOptions { Hostname = "a", SessionTtl = TimeSpan.Zero }, cancellationToken: Ct));
        Assert.Contains("at least 1 second", e.Message);
    }
}
