using Mgmt.World.Embedded;
using Mgmt.World.Store;

namespace Mgmt.World.Tests.Contract;

/// <summary>The shared contract against the embedded world; each test's hosts share one in-memory store.</summary>
public sealed class EmbeddedWorldContractTests : WorldContractTests
{
    private readonly MemoryKeyValueStore _store = new();

    protected override async Task<IWorld> ConnectAsync(string hostname, CancellationToken cancellationToken) =>
        await EmbeddedWorld.StartAsync(new WorldOptions { Hostname = hostname, SessionTtl = Ttl, Cluster = "test" }, _store, cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // Clean leaves revoke at once; a crashed host's leases run out by themselves.
        await Support.Eventually.TrueAsync(() => Task.FromResult(_store.LeaseCount == 0), ExpiryWait, "every lease to end");
        await _store.DisposeAsync();
    }
}
