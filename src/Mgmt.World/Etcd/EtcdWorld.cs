using Mgmt.World.Cluster;
using Mgmt.World.Core;

namespace Mgmt.World.Etcd;

/// <summary>Settings of a world over an etcd cluster.</summary>
public sealed record EtcdWorldOptions : WorldOptions
{
    /// <summary>Client URLs of the cluster's members (<c>--seeds</c>, or the member this agent runs).</summary>
    public required IReadOnlyList<string> Endpoints { get; init; }

    /// <summary>
    /// How long one store call may take before it is retried. A call that reached a member just as its leader died is
    /// never answered (the member forwarded it to the dead leader), so this bounds how long a write can stall across
    /// an election: etcd elects a new leader in about 1.2 s, and the retry after 1.5 s finds it. A call on loopback
    /// takes about a millisecond, so a slow machine has a wide margin.
    /// </summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>The certificate this agent connects with and the cluster CA; null for plain text (http URLs only).</summary>
    public EtcdTls? Tls { get; init; }

    /// <summary>A root client (the registrar's certificate) for the cluster's own operations (adding, promoting and removing
    /// members need root once per-host permissions are on); null: the world's own client. The caller keeps owning it.</summary>
    public EtcdKeyValueStore? MembershipStore { get; init; }
}

/// <summary>
/// The world of a cluster, stored in etcd under <c>/mgmt/&lt;cluster&gt;/</c>: this host's entries are held by
/// an etcd lease kept alive in the background, watches resume from their last revision after a reconnect, and
/// an unreachable cluster is retried with backoff while the agent keeps what it has (see docs/cluster.md).
/// </summary>
public sealed class EtcdWorld : StoreWorld
{
    private readonly EtcdKeyValueStore _store;

    private EtcdWorld(EtcdWorldOptions options, EtcdKeyValueStore store)
        : base(options, store, $"the etcd cluster at {string.Join(", ", options.Endpoints)}")
    {
        _store = store;
    }

    /// <summary>Connects to the cluster and claims the hostname.</summary>
    /// <exception cref="WorldUnavailableException">no member answered within the operation timeout.</exception>
    /// <exception cref="HostnameInUseException">another live agent holds the hostname.</exception>
    public static async Task<EtcdWorld> ConnectAsync(EtcdWorldOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        foreach (var endpoint in options.Endpoints)
        {
            EtcdUrls.ValidateClientUrl(endpoint, "--seeds");
            EtcdTls.CheckScheme(options.Tls, endpoint, "--seeds");
        }
        var store = new EtcdKeyValueStore(options.Endpoints, options.CallTimeout, options.Tls);
        var world = new EtcdWorld(options, store);
        try
        {
            await world.StartAsync("etcd", cancellationToken).ConfigureAwait(false);
            return world;
        }
        catch (WorldUnavailableException e)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new WorldUnavailableException(
                $"could not reach etcd at {string.Join(", ", options.Endpoints)} within {options.OperationTimeout.TotalSeconds:0.#} s: "
                + "check the --seeds URLs, that the etcd members run and that this machine can reach them.", e);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The store under this world (its client endpoints follow the member list).</summary>
    public EtcdKeyValueStore Store => _store;

    /// <summary>The client of the cluster's own operations: the registrar's (root) when given, else the world's.</summary>
    public EtcdKeyValueStore MembershipStore => ((EtcdWorldOptions)Options).MembershipStore ?? _store;

    private protected override IClusterMembers ClusterMembers => MembershipStore.Members;

    private protected override ValueTask DisposeStoreAsync() => _store.DisposeAsync();
}
