namespace Mgmt.World;

/// <summary>
/// The live agents of the cluster and what each one does: its presence, the status it publishes (front end,
/// convergence, deploy), and the cluster's own membership (the ideal number of etcd members, who volunteers, who
/// is nominated, who leads). Each agent holds its presence and status for as long as it lives.
/// </summary>
public interface IMembershipWorld
{
    /// <summary>The live agents, sorted by hostname.</summary>
    Task<IReadOnlyList<HostInfo>> GetHostsAsync(CancellationToken cancellationToken);

    /// <summary>The live agents now, then after every arrival or departure.</summary>
    IAsyncEnumerable<IReadOnlyList<HostInfo>> WatchHostsAsync(CancellationToken cancellationToken);

    /// <summary>Publishes what this host runs and whether it has converged; tied to this host's session (it
    /// disappears with the host). Returns false when the stored status was already this one.</summary>
    Task<bool> PublishStatusAsync(HostStatus status, CancellationToken cancellationToken);

    /// <summary>The ideal number of agents that run an etcd member (stored in the world; the default is
    /// <see cref="ClusterStatus.DefaultIdealSize"/> while nobody set it).</summary>
    Task<int> GetIdealClusterSizeAsync(CancellationToken cancellationToken);

    /// <summary>Sets the ideal number of etcd members; the cluster's leader follows within seconds. Returns false
    /// when it already had that value. Throws <see cref="WorldException"/> for a size below 1.</summary>
    Task<bool> SetIdealClusterSizeAsync(int size, CancellationToken cancellationToken);

    /// <summary>The ideal cluster size now, then after every change.</summary>
    IAsyncEnumerable<int> WatchIdealClusterSizeAsync(CancellationToken cancellationToken);

    /// <summary>Everything <c>mgmt cluster status</c> shows: every host with its status and role, the etcd
    /// members, the leader and the ideal size.</summary>
    Task<ClusterStatus> GetClusterStatusAsync(CancellationToken cancellationToken);
}
