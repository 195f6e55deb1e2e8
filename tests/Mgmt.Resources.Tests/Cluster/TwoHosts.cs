using Mgmt.Resources.Tests.Support;
using Mgmt.World;
using Mgmt.World.Embedded;
using Mgmt.World.Store;

namespace Mgmt.Resources.Tests.Cluster;

/// <summary>
/// Two embedded worlds over one in-memory store: "this" host, whose world the resource under test gets, and a
/// "peer" that plays another agent of the cluster.
/// </summary>
public sealed class TwoHosts : IAsyncDisposable
{
    private readonly MemoryKeyValueStore _store;

    private TwoHosts(MemoryKeyValueStore store, IWorld self, IWorld peer)
    {
        _store = store;
        Self = self;
        Peer = peer;
    }

    public IWorld Self { get; }

    public IWorld Peer { get; }

    public static async Task<TwoHosts> StartAsync()
    {
        var store = new MemoryKeyValueStore(TimeProvider.System);
        var self = await EmbeddedWorld.StartAsync(new WorldOptions { Hostname = "self" }, store, TestContext.Current.CancellationToken);
        var peer = await EmbeddedWorld.StartAsync(new WorldOptions { Hostname = "peer" }, store, TestContext.Current.CancellationToken);
        return new TwoHosts(store, self, peer);
    }

    /// <summary>A context whose services hold this host's world.</summary>
    public TestResourceContext Context()
    {
        var context = new TestResourceContext { Hostname = "self" };
        context.ServiceMap.Add(Self);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        await Self.DisposeAsync();
        await Peer.DisposeAsync();
        await _store.DisposeAsync();
    }
}
