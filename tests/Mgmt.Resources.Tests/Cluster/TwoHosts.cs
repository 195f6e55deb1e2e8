using Mgmt.Resources.Tests.Support;
using Mgmt.World;
using Mgmt.World.Embedded;
using Mgmt.World.Etcd;
using Mgmt.World.Store;

namespace Mgmt.Resources.Tests.Cluster;

/// <summary>
/// Two worlds over one store: "this" host, whose world the resource under test gets, and a "peer" that plays
/// another agent of the cluster. The store is in memory (embedded worlds) or a real etcd (a cluster prefix of the
/// test's own, so tests sharing one member never see each other).
/// </summary>
public sealed class TwoHosts : IAsyncDisposable
{
    private readonly IAsyncDisposable? _store;

    private TwoHosts(IAsyncDisposable? store, IWorld self, IWorld peer)
    {
        _store = store;
        Self = self;
        Peer = peer;
    }

    public IWorld Self { get; }

    public IWorld Peer { get; }

    /// <summary>Two embedded worlds sharing one in-memory store.</summary>
    public static async Task<TwoHosts> StartAsync()
    {
        var store = new MemoryKeyValueStore(TimeProvider.System);
        var self = await EmbeddedWorld.StartAsync(new WorldOptions { Hostname = "self" }, store, TestContext.Current.CancellationToken);
        var peer = await EmbeddedWorld.StartAsync(new WorldOptions { Hostname = "peer" }, store, TestContext.Current.CancellationToken);
        return new TwoHosts(store, self, peer);
    }

    /// <summary>Two etcd clients of the member at <paramref name="clientUrl"/>, in a cluster prefix of their own.</summary>
    public static async Task<TwoHosts> StartOnEtcdAsync(string clientUrl)
    {
        var cluster = "r" + Guid.NewGuid().ToString("N")[..12];
        Task<EtcdWorld> Connect(string host) => EtcdWorld.ConnectAsync(new EtcdWorldOptions
        {
            Hostname = host,
            Cluster = cluster,
            Endpoints = [clientUrl],
        }, TestContext.Current.CancellationToken);
        var self = await Connect("self");
        var peer = await Connect("peer");
        return new TwoHosts(null, self, peer);
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
        if (_store is not null) await _store.DisposeAsync();
    }
}
