using Etcdserverpb;
using Mgmt.World.Core;
using Mgmt.World.Store;

namespace Mgmt.World.Etcd;

public sealed partial class EtcdSupervisor
{
    /// <summary>
    /// Adds this member to the cluster at the join endpoints and returns the <c>--initial-cluster</c> it must
    /// start with, and its new member id (to undo the add if the start fails).
    /// </summary>
    private async Task<(string InitialCluster, ulong MemberId)> JoinAsync(CancellationToken cancellationToken)
    {
        var seeds = string.Join(", ", _options.JoinEndpoints);
        await using var store = new EtcdKeyValueStore(_options.JoinEndpoints);
        var calls = new StoreCalls(store, _options.StartTimeout, _options.Time, _options.Logger, $"the cluster to join at {seeds}");
        var client = store.Client;
        var peers = _options.EffectiveAdvertisePeerUrls;
        try
        {
            var list = await calls.RunAsync("list the members of the cluster to join",
                (_, ct) => Translate(() => client.MemberListAsync(new MemberListRequest(), deadline: CallDeadline(), cancellationToken: ct), ct), cancellationToken).ConfigureAwait(false);
            foreach (var member in list.Members.Where(m => m.Name == _options.Name || m.PeerURLs.Intersect(peers).Any()))
            {
                // This agent has no member data, so a member by its name or peer URLs is a leftover of an earlier
                // run (or a failed join): remove it, or the new member could never reach a quorum with it.
                EtcdLog.RemovingStaleMember(_options.Logger, member.Name, member.ID);
                await calls.RunAsync("remove a stale member", (_, ct) => Translate(() => client.MemberRemoveAsync(new MemberRemoveRequest { ID = member.ID }, deadline: CallDeadline(), cancellationToken: ct), ct),
                    cancellationToken).ConfigureAwait(false);
            }
            var request = new MemberAddRequest();
            request.PeerURLs.AddRange(peers);
            var added = await calls.RunAsync("add this member to the cluster",
                (_, ct) => Translate(() => client.MemberAddAsync(request, deadline: CallDeadline(), cancellationToken: ct), ct), cancellationToken).ConfigureAwait(false);
            var parts = new List<string>();
            foreach (var member in added.Members)
            {
                var name = member.ID == added.Member.ID ? _options.Name : member.Name;
                if (name.Length > 0)
                {
                    parts.AddRange(member.PeerURLs.Select(u => $"{name}={u}"));
                }
            }
            return (string.Join(',', parts), added.Member.ID);
        }
        catch (WorldUnavailableException e)
        {
            throw new EtcdMemberException(
                $"could not join the etcd cluster at {seeds}: {e.InnerException?.Message ?? e.Message}. Check --seeds and that a majority of that cluster's members is up.", e);
        }
    }

    private async Task UndoJoinAsync(ulong memberId)
    {
        try
        {
            await using var store = new EtcdKeyValueStore(_options.JoinEndpoints);
            await store.Client.MemberRemoveAsync(new MemberRemoveRequest { ID = memberId }, deadline: CallDeadline()).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            WorldLog.Problem(_options.Logger, $"could not remove the member this agent added before its start failed (id {memberId:x}): {e.Message}; remove it with etcdctl member remove");
        }
    }

    private static DateTime CallDeadline() => DateTime.UtcNow.AddSeconds(3);

    private static async Task<T> Translate<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Grpc.Core.RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.DeadlineExceeded)
        {
            throw new StoreUnavailableException(e.Status.Detail, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnavailableException("the cluster did not answer in time", e);
        }
    }
}
