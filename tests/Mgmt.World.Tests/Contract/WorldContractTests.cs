using Mgmt.World.Core;
using Mgmt.World.Tests.Support;

namespace Mgmt.World.Tests.Contract;

/// <summary>
/// The promises of <see cref="IWorld"/>, checked against every implementation (the Orleans pattern: one
/// abstract base, one subclass per backend). Each test gets its own cluster: several worlds (hosts) that
/// share one store and see each other.
/// </summary>
public abstract partial class WorldContractTests : IAsyncLifetime
{
    private readonly List<IWorld> _worlds = [];

    /// <summary>The session TTL of the hosts these tests start: short, so lease expiry is quick to observe.</summary>
    protected static readonly TimeSpan Ttl = TimeSpan.FromSeconds(3);

    /// <summary>How long a test waits for a lease to run out (TTL plus the store's expiry granularity).</summary>
    protected static readonly TimeSpan ExpiryWait = TimeSpan.FromSeconds(15);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts a host of this test's cluster.</summary>
    protected abstract Task<IWorld> ConnectAsync(string hostname, CancellationToken cancellationToken);

    protected async Task<IWorld> StartHostAsync(string hostname)
    {
        var world = await ConnectAsync(hostname, Ct);
        _worlds.Add(world);
        return world;
    }

    /// <summary>Stops a host as a crash would: nothing is revoked, its leases run out.</summary>
    protected static Task CrashAsync(IWorld world) => ((StoreWorld)world).CrashAsync();

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var world in _worlds)
        {
            await world.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Strings_SetGetDelete()
    {
        var a = await StartHostAsync("a");
        Assert.Null(await a.GetStringAsync("color", Ct));
        Assert.True(await a.SetStringAsync("color", "blue", Ct));
        Assert.Equal("blue", await a.GetStringAsync("color", Ct));
        Assert.False(await a.SetStringAsync("color", "blue", Ct));
        Assert.True(await a.SetStringAsync("color", "", Ct));
        Assert.Equal("", await a.GetStringAsync("color", Ct));
        Assert.True(await a.DeleteStringAsync("color", Ct));
        Assert.False(await a.DeleteStringAsync("color", Ct));
        Assert.Null(await a.GetStringAsync("color", Ct));
    }

    [Fact]
    public async Task Strings_AreSharedAndOutliveTheirWriter()
    {
        var a = await StartHostAsync("a");
        var b = await StartHostAsync("b");
        await a.SetStringAsync("shared", "from-a", Ct);
        Assert.Equal("from-a", await b.GetStringAsync("shared", Ct));
        await a.DisposeAsync();
        Assert.Equal("from-a", await b.GetStringAsync("shared", Ct));
    }

    [Fact]
    public async Task Strings_WatchYieldsCurrentStateThenChanges()
    {
        var a = await StartHostAsync("a");
        var b = await StartHostAsync("b");
        await a.SetStringAsync("k", "one", Ct);
        await using var probe = new WatchProbe<string?>(ct => b.WatchStringAsync("k", ct));
        await probe.WaitForAsync(v => v == "one", what: "the current value");
        await a.SetStringAsync("k", "two", Ct);
        await probe.WaitForAsync(v => v == "two", what: "the new value");
        await a.DeleteStringAsync("k", Ct);
        await probe.WaitForAsync(v => v is null, what: "the deletion");
        await a.SetStringAsync("k2", "other key", Ct);
        await a.SetStringAsync("k", "three", Ct);
        await probe.WaitForAsync(v => v == "three", what: "the value after the deletion");
        Assert.DoesNotContain("other key", probe.Seen);
    }

    [Fact]
    public async Task Strings_WatchEndsOnTheLatestValueAfterABurst()
    {
        var a = await StartHostAsync("a");
        var b = await StartHostAsync("b");
        await using var probe = new WatchProbe<string?>(ct => b.WatchStringAsync("counter", ct));
        await probe.WaitForAsync(v => v is null, what: "the empty start");
        for (var i = 0; i < 300; i++)
        {
            await a.SetStringAsync("counter", i.ToString(), Ct);
        }
        await probe.WaitForAsync(v => v == "299", what: "the last value of the burst");
        // Coalescing may skip values, but never reorders them.
        var numbers = probe.Seen.Where(v => v is not null).Select(v => int.Parse(v!)).ToList();
        Assert.Equal(numbers.Order(), numbers);
    }

    [Fact]
    public async Task Maps_HoldOneEntryPerHost()
    {
        var a = await StartHostAsync("a");
        var b = await StartHostAsync("b");
        Assert.Empty(await a.GetMapAsync("ip", Ct));
        Assert.True(await a.SetMapValueAsync("ip", "10.0.0.1", Ct));
        Assert.False(await a.SetMapValueAsync("ip", "10.0.0.1", Ct));
        await b.SetMapValueAsync("ip", "10.0.0.2", Ct);
        await b.SetMapValueAsync("other", "x", Ct);
        var map = await a.GetMapAsync("ip", Ct);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "10.0.0.1", ["b"] = "10.0.0.2" }, map);
        Assert.True(await b.DeleteMapValueAsync("ip", Ct));
        Assert.False(await b.DeleteMapValueAsync("ip", Ct));
        Assert.Equal(["a"], (await b.GetMapAsync("ip", Ct)).Keys);
    }

    [Fact]
    public async Task Maps_WatchFollowsEveryHostAndCleanLeave()
    {
        var a = await StartHostAsync("a");
        var b = await StartHostAsync("b");
        var c = await StartHostAsync("c");
        await using var probe = new WatchProbe<IReadOnlyDictionary<string, string>>(ct => c.WatchMapAsync("word", ct));
        await probe.WaitForAsync(m => m.Count == 0, what: "the empty map");
        await a.SetMapValueAsync("word", "alpha", Ct);
        await b.SetMapValueAsync("word", "beta", Ct);
        await probe.WaitForAsync(m => m.Count == 2 && m["a"] == "alpha" && m["b"] == "beta", what: "both entries");
        await b.DisposeAsync();
        await probe.WaitForAsync(m => m.Count == 1 && m.ContainsKey("a"), TimeSpan.FromSeconds(5), "b's entry gone at its clean leave");
    }

    [Fact]
    public async Task Exports_PublishCollectAndWithdraw()
    {
        var a = await StartHostAsync("a");
        var b = await StartHostAsync("b");
        var c = await StartHostAsync("c");
        Assert.True(await a.ExportAsync(
        [
            new ExportedResource("file", "/tmp/for-b", "a", "b", "payload-1"),
            new ExportedResource("file", "/tmp/for-all", "a", "*", "payload-2"),
            new ExportedResource("print", "hello", "a", "c", "payload-3"),
        ], Ct));
        Assert.False(await a.ExportAsync([new ExportedResource("file", "/tmp/for-b", "a", "b", "payload-1")], Ct));

        var forB = await b.CollectAsync(ExportFilter.All, Ct);
        Assert.Equal(["/tmp/for-all", "/tmp/for-b"], forB.Select(r => r.Name));
        Assert.All(forB, r => Assert.Equal("a", r.FromHost));
        Assert.Equal("payload-1", forB.Single(r => r.Name == "/tmp/for-b").Payload);

        var forC = await c.CollectAsync(new ExportFilter(Kind: "print"), Ct);
        Assert.Equal(["hello"], forC.Select(r => r.Name));
        Assert.Empty(await c.CollectAsync(new ExportFilter(FromHost: "b"), Ct));

        Assert.True(await a.WithdrawExportsAsync([new ExportKey("file", "/tmp/for-all", "*")], Ct));
        Assert.False(await a.WithdrawExportsAsync([new ExportKey("file", "/tmp/for-all", "*")], Ct));
        Assert.Equal(["/tmp/for-b"], (await b.CollectAsync(ExportFilter.All, Ct)).Select(r => r.Name));
    }

    [Fact]
    public async Task Exports_WatchSeesPublishUpdateAndWithdraw()
    {
        var a = await StartHostAsync("a");
        var b = await StartHostAsync("b");
        await using var probe = new WatchProbe<IReadOnlyList<ExportedResource>>(ct => b.WatchCollectAsync(new ExportFilter(Kind: "file"), ct));
        await probe.WaitForAsync(l => l.Count == 0, what: "nothing exported");
        await a.ExportAsync([new ExportedResource("file", "/etc/x", "a", "b", "v1")], Ct);
        await probe.WaitForAsync(l => l.Count == 1 && l[0].Payload == "v1", what: "the export");
        await a.ExportAsync([new ExportedResource("file", "/etc/x", "a", "b", "v2")], Ct);
        await probe.WaitForAsync(l => l.Count == 1 && l[0].Payload == "v2", what: "the updated export");
        await a.WithdrawExportsAsync([new ExportKey("file", "/etc/x", "b")], Ct);
        await probe.WaitForAsync(l => l.Count == 0, what: "the withdrawal");
    }

    [Fact]
    public async Task Exports_AHostPublishesOnlyItsOwn()
    {
        var a = await StartHostAsync("a");
        var e = await Assert.ThrowsAsync<ArgumentException>(() => a.ExportAsync([new ExportedResource("file", "/x", "b", "*", "p")], Ct));
        Assert.Contains("only its own", e.Message);
    }
}
