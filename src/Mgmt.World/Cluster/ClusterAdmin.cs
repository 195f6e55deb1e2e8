using Mgmt.World.Core;
using Mgmt.World.Etcd;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mgmt.World.Cluster;

/// <summary>
/// A connection to a running cluster that is not an agent (no hostname, no presence): what <c>mgmt cluster
/// status</c> and <c>mgmt cluster size</c> use to read the cluster and to change its ideal size.
/// </summary>
public sealed partial class ClusterAdmin : IAsyncDisposable
{
    private readonly EtcdKeyValueStore _store;
    private readonly ClusterReader _reader;

    private ClusterAdmin(EtcdKeyValueStore store, ClusterReader reader)
    {
        _store = store;
        _reader = reader;
        Deploys = new Deploys.DeployArea(reader.Calls, reader.Layout, null);
    }

    /// <summary>The cluster's deploys (<c>mgmt deploy</c>).</summary>
    public Deploys.DeployArea Deploys { get; }

    /// <summary>Connects to the cluster at <paramref name="endpoints"/> and checks that it answers.</summary>
    /// <exception cref="WorldUnavailableException">no member answered within <paramref name="timeout"/>.</exception>
    /// <remarks>With <paramref name="tls"/> (the certificate to connect with and the cluster CA) the URLs are https; null is plain text.</remarks>
    public static async Task<ClusterAdmin> ConnectAsync(IReadOnlyList<string> endpoints, string cluster = "default", TimeSpan? timeout = null,
        CancellationToken cancellationToken = default, EtcdTls? tls = null)
    {
        foreach (var endpoint in endpoints)
        {
            EtcdUrls.ValidateClientUrl(endpoint, "--seeds");
            EtcdTls.CheckScheme(tls, endpoint, "--seeds");
        }
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var store = new EtcdKeyValueStore(endpoints, TimeSpan.FromSeconds(2), tls);
        var where = $"the etcd cluster at {string.Join(", ", endpoints)}";
        var reader = new ClusterReader(new StoreCalls(store, limit, TimeProvider.System, NullLogger.Instance, where), new KeyLayout(cluster), store.Members);
        try
        {
            await reader.IdealSizeAsync(cancellationToken).ConfigureAwait(false);
            return new ClusterAdmin(store, reader);
        }
        catch (WorldUnavailableException e)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new WorldUnavailableException(
                $"could not reach etcd at {string.Join(", ", endpoints)} within {limit.TotalSeconds:0.#} s: check the --seeds URLs and that a majority of the cluster's members is up.", e);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Every host, member, the leader and the ideal size.</summary>
    public Task<ClusterStatus> GetStatusAsync(CancellationToken cancellationToken = default) => _reader.StatusAsync(cancellationToken);

    /// <summary>Sets the ideal cluster size; false when it already had that value.</summary>
    public Task<bool> SetIdealSizeAsync(int size, CancellationToken cancellationToken = default) => _reader.SetIdealSizeAsync(size, cancellationToken);

    public ValueTask DisposeAsync() => _store.DisposeAsync();
}
