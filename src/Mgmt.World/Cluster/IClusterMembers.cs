namespace Mgmt.World.Cluster;

/// <summary>
/// The etcd cluster's own operations that the membership code needs beyond keys and leases: its member list,
/// adding a member as a learner and promoting it, removing a member, a health check, and etcd's election API.
/// <see cref="Etcd.EtcdClusterMembers"/> implements it over the world's etcd client; the embedded world has
/// none (it has no members).
/// </summary>
/// <remarks>
/// As with <see cref="Store.IKeyValueStore"/>, a transient failure (no connection, no leader, a timeout) throws
/// <see cref="Store.StoreUnavailableException"/> so that the caller retries.
/// </remarks>
public interface IClusterMembers
{
    /// <summary>Every member, voters and learners, started or not.</summary>
    Task<IReadOnlyList<ClusterMemberInfo>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Adds a non-voting member (a learner) with these peer URLs; returns it and the new member list.</summary>
    Task<(ClusterMemberInfo Added, IReadOnlyList<ClusterMemberInfo> Members)> AddLearnerAsync(IReadOnlyList<string> peerUrls, CancellationToken cancellationToken);

    /// <summary>Makes a learner a voter. Returns false while it has not caught up with the leader yet (try again).</summary>
    Task<bool> PromoteAsync(ulong memberId, CancellationToken cancellationToken);

    /// <summary>Removes a member. Returns false when it was not a member (any more).</summary>
    Task<bool> RemoveAsync(ulong memberId, CancellationToken cancellationToken);

    /// <summary>True when the member answers its health check within a second.</summary>
    Task<bool> IsHealthyAsync(ClusterMemberInfo member, CancellationToken cancellationToken);

    /// <summary>Campaigns in election <paramref name="election"/> with <paramref name="value"/> under
    /// <paramref name="leaseId"/>; returns once this campaign leads, or null when it did not lead within one round
    /// of a few seconds: then campaign again.</summary>
    Task<Leadership?> CampaignAsync(string election, long leaseId, string value, CancellationToken cancellationToken);

    /// <summary>The current leader of <paramref name="election"/> (its key and value), or null when none.</summary>
    Task<(string Key, string Value)?> LeaderAsync(string election, CancellationToken cancellationToken);

    /// <summary>Gives up leadership (the leader key is deleted; the next campaigner leads).</summary>
    Task ResignAsync(Leadership leadership, CancellationToken cancellationToken);
}

/// <summary>A won election: enough to check that it still leads and to resign.</summary>
/// <param name="Election">The election's name.</param>
/// <param name="Key">The leader key created by the campaign.</param>
/// <param name="Revision">The revision that created it.</param>
/// <param name="LeaseId">The lease it hangs on (the agent's session).</param>
public sealed record Leadership(string Election, string Key, long Revision, long LeaseId);
