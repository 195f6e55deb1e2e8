using System.Runtime.CompilerServices;
using Mgmt.World.Cluster;

namespace Mgmt.World.Core;

public abstract partial class StoreWorld
{
    private ClusterReader? _cluster;

    /// <summary>The etcd cluster's own operations; null for a world without etcd members (the embedded one).</summary>
    private protected virtual IClusterMembers? ClusterMembers => null;

    internal ClusterReader Cluster => _cluster ??= new ClusterReader(Calls, Layout, ClusterMembers);

    /// <summary>The session lease of this host, for what the membership code attaches to it (volunteering, the campaign).</summary>
    internal long SessionLease => Session.LeaseId;

    /// <summary>Writes a key on this host's session, rewritten by itself when the session is renewed after an outage.</summary>
    internal Task<bool> PutOnSessionAsync(string key, string value, CancellationToken cancellationToken) => Session.PutAsync(key, value, cancellationToken);

    /// <summary>Deletes a key written with <see cref="PutOnSessionAsync"/>.</summary>
    internal Task<bool> DeleteFromSessionAsync(string key, CancellationToken cancellationToken) => Session.DeleteAsync(key, cancellationToken);

    public Task<bool> PublishStatusAsync(HostStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        var record = WorldJson.Write(new StatusRecord(status.FrontEnd, status.Input, status.Converged, status.Deploy));
        return Session.PutAsync(Layout.StatusKey(Hostname), record, cancellationToken);
    }

    public Task<int> GetIdealClusterSizeAsync(CancellationToken cancellationToken) => Cluster.IdealSizeAsync(cancellationToken);

    public Task<bool> SetIdealClusterSizeAsync(int size, CancellationToken cancellationToken) => Cluster.SetIdealSizeAsync(size, cancellationToken);

    public async IAsyncEnumerable<int> WatchIdealClusterSizeAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var mirror = Mirror(Layout.Cluster);
        var key = Layout.IdealSize;
        var watch = LatestValueWatch.RunAsync<int>(mirror, key, exact: true, (out int state) =>
        {
            var entries = mirror.Snapshot(key);
            state = ClusterReader.ParseIdealSize(entries?.FirstOrDefault(e => e.Key == key)?.Value);
            return entries is not null;
        }, EqualityComparer<int>.Default, Closing, cancellationToken);
        await foreach (var size in watch.ConfigureAwait(false))
        {
            yield return size;
        }
    }

    public Task<ClusterStatus> GetClusterStatusAsync(CancellationToken cancellationToken) => Cluster.StatusAsync(cancellationToken);
}
