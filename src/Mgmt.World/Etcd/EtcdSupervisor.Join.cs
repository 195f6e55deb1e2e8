using Mgmt.World.Cluster;
using Mgmt.World.Core;

namespace Mgmt.World.Etcd;

public sealed partial class EtcdSupervisor
{
    /// <summary>
    /// Adds this member to the cluster as a learner (a member that does not vote, so its arrival cannot cost the
    /// cluster its quorum, even if it never starts) and returns the <c>--initial-cluster</c> it must start with and
    /// its new member id. Leftovers of an earlier run (a member by its name or peer URLs) are removed first.
    /// </summary>
    private async Task<(string InitialCluster, ulong MemberId)> AddLearnerAsync(IClusterMembers cluster, StoreCalls calls, CancellationToken cancellationToken)
    {
        var peers = _options.EffectiveAdvertisePeerUrls;
        var list = await calls.RunAsync("list the members of the cluster to join", (_, ct) => cluster.ListAsync(ct), cancellationToken).ConfigureAwait(false);
        foreach (var member in list.Where(m => m.Name == _options.Name || m.PeerUrls.Intersect(peers, StringComparer.OrdinalIgnoreCase).Any()))
        {
            // This agent has no usable member data, so a member by its name or peer URLs is a leftover of an earlier
            // run (or a failed join): remove it, or it would count against the quorum forever.
            EtcdLog.RemovingStaleMember(_options.Logger, member.Name, member.Id);
            await calls.RunAsync("remove a stale member", (_, ct) => cluster.RemoveAsync(member.Id, ct), cancellationToken).ConfigureAwait(false);
        }
        var (added, members) = await calls.RunAsync("add this member to the cluster", (_, ct) => cluster.AddLearnerAsync(peers, ct), cancellationToken)
            .ConfigureAwait(false);
        var parts = new List<string>();
        foreach (var member in members)
        {
            var name = member.Id == added.Id ? _options.Name : member.Name;
            if (name.Length > 0)
            {
                parts.AddRange(member.PeerUrls.Select(u => $"{name}={u}"));
            }
        }
        return (string.Join(',', parts), added.Id);
    }

    /// <summary>Makes the learner a voter once it has caught up with the leader (etcd refuses before).</summary>
    private async Task PromoteAsync(IClusterMembers cluster, StoreCalls calls, ulong memberId, CancellationToken cancellationToken)
    {
        var deadline = _options.Time.GetUtcNow() + _options.StartTimeout;
        while (!await calls.RunAsync("promote this member to a voter", (_, ct) => cluster.PromoteAsync(memberId, ct), cancellationToken).ConfigureAwait(false))
        {
            if (_options.Time.GetUtcNow() > deadline)
            {
                throw new EtcdMemberException(
                    $"the etcd member \"{_options.Name}\" started but did not catch up with the cluster's leader within {_options.StartTimeout.TotalSeconds:0.#} s, so it could not become a voting member. "
                    + "Check the network between the members (the --server-urls of every member must be reachable).");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), _options.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether the member recorded in our data directory is still a member of the cluster.</summary>
    private async Task<bool> StillMemberAsync(IClusterMembers cluster, StoreCalls calls, ulong? memberId, CancellationToken cancellationToken)
    {
        if (memberId is not { } id) return false;
        var list = await calls.RunAsync("list the members of the cluster", (_, ct) => cluster.ListAsync(ct), cancellationToken).ConfigureAwait(false);
        return list.Any(m => m.Id == id);
    }

    private StoreCalls Calls(EtcdKeyValueStore store) =>
        new(store, _options.StartTimeout, _options.Time, _options.Logger, $"the etcd cluster at {string.Join(", ", store.Endpoints)}");

    private async Task UndoJoinAsync(IClusterMembers cluster, ulong memberId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await cluster.RemoveAsync(memberId, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            WorldLog.Problem(_options.Logger, $"could not remove the member this agent added before its start failed (id {memberId:x}): {e.Message}; remove it with etcdctl member remove");
        }
    }

    /// <summary>
    /// Leaves the cluster cleanly: removes this member from the member list first (so the cluster never counts a
    /// stopped member in its quorum), then stops etcd and deletes the data of the removed member, which etcd could
    /// never start from again. Refused when this is the cluster's last voting member.
    /// </summary>
    public async Task LeaveAsync(EtcdKeyValueStore store, CancellationToken cancellationToken)
    {
        await StopMonitorAsync().ConfigureAwait(false);
        // Bounded: when the others are leaving too, the cluster may refuse a removal that would cost its quorum.
        var calls = new StoreCalls(store, TimeSpan.FromSeconds(5), _options.Time, _options.Logger, $"the etcd cluster at {string.Join(", ", store.Endpoints)}");
        var cluster = store.Members;
        var list = await calls.RunAsync("list the members of the cluster", (_, ct) => cluster.ListAsync(ct), cancellationToken).ConfigureAwait(false);
        var self = list.FirstOrDefault(m => m.Id == MemberId) ?? list.FirstOrDefault(m => m.Name == _options.Name);
        if (self is not null)
        {
            if (!list.Any(m => m.Id != self.Id && !m.IsLearner))
            {
                throw new EtcdMemberException($"the etcd member \"{_options.Name}\" is the cluster's last voting member: it cannot leave (stopping it stops the cluster)");
            }
            await calls.RunAsync("remove this member from the cluster", (_, ct) => cluster.RemoveAsync(self.Id, ct), cancellationToken).ConfigureAwait(false);
            EtcdLog.Left(_options.Logger, _options.Name, self.Id);
        }
        await StopProcessAsync().ConfigureAwait(false);
        EtcdDataDirectory.Delete(_options.DataDirectory);
    }
}
