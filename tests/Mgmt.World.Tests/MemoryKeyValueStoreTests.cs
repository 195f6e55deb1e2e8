using Mgmt.Tests.Support;
using Mgmt.World.Store;
using Mgmt.World.Tests.Support;

namespace Mgmt.World.Tests;

public sealed class MemoryKeyValueStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ALeaseEndsExactlyItsTtlAfterTheLastKeepAliveAndTakesItsKeys()
    {
        var time = new ManualTime();
        await using var store = new MemoryKeyValueStore(time);
        var lease = await store.GrantLeaseAsync(TimeSpan.FromSeconds(10), Ct);
        await store.PutAsync("/a", "1", lease, Ct);
        await store.PutAsync("/b", "2", 0, Ct);
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.True(await store.KeepAliveAsync(lease, Ct));
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.NotNull(await store.GetAsync("/a", Ct));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await store.GetAsync("/a", Ct));
        Assert.NotNull(await store.GetAsync("/b", Ct));
        Assert.False(await store.KeepAliveAsync(lease, Ct));
        await Assert.ThrowsAsync<StoreLeaseNotFoundException>(() => store.PutAsync("/c", "3", lease, Ct));
    }

    [Fact]
    public async Task WatchesResumeFromARevisionAndReportCompaction()
    {
        await using var store = new MemoryKeyValueStore(historyLimit: 3);
        await store.PutAsync("/p/a", "1", 0, Ct);
        var from = store.Revision + 1;
        await store.PutAsync("/p/b", "2", 0, Ct);
        await store.PutAsync("/q/x", "other prefix", 0, Ct);
        await store.DeleteAsync("/p/a", Ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var changes = new List<StoreChange>();
        await foreach (var batch in store.WatchAsync("/p/", from, cts.Token))
        {
            changes.AddRange(batch.Changes);
            if (changes.Count == 2)
            {
                break;
            }
        }
        Assert.Equal(["/p/b", "/p/a"], changes.Select(c => c.Key));
        Assert.Null(changes[1].Entry);

        await store.PutAsync("/p/c", "3", 0, Ct);
        await store.PutAsync("/p/d", "4", 0, Ct);
        await Assert.ThrowsAsync<StoreCompactedException>(async () =>
        {
            await foreach (var _ in store.WatchAsync("/p/", from, Ct))
            {
            }
        });
    }

    [Fact]
    public async Task CreateOnlyWritesAMissingKeyAndPutSkipsIdenticalWrites()
    {
        await using var store = new MemoryKeyValueStore();
        Assert.Null(await store.CreateAsync("/k", "first", 0, Ct));
        var existing = await store.CreateAsync("/k", "second", 0, Ct);
        Assert.Equal("first", existing!.Value);
        var revision = store.Revision;
        Assert.False(await store.PutAsync("/k", "first", 0, Ct));
        Assert.Equal(revision, store.Revision);
    }
}
