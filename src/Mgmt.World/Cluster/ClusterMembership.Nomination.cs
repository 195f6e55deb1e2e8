using Mgmt.World.Core;
using Mgmt.World.Etcd;
using Mgmt.World.Store;

namespace Mgmt.World.Cluster;

public sealed partial class ClusterMembership
{
    /// <summary>Starts this agent's member when the leader nominates it, and removes it when unnominated.</summary>
    private async Task FollowNominationAsync(CancellationToken stop)
    {
        var mirror = _world.Mirror(Layout.Nominated);
        var key = Layout.NominatedKey(Hostname);
        var watch = LatestValueWatch.RunAsync<bool>(mirror, key, exact: true, (out bool nominated) =>
        {
            var entries = mirror.Snapshot(key);
            nominated = entries?.Any(e => e.Key == key) ?? false;
            return entries is not null;
        }, EqualityComparer<bool>.Default, _world.Closing, stop);
        try
        {
            await foreach (var nominated in watch.ConfigureAwait(false))
            {
                await FollowAsync(nominated, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task FollowAsync(bool nominated, CancellationToken stop)
    {
        if (nominated && Member is null)
        {
            try
            {
                await StartMemberAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                // Step aside so that the leader nominates another volunteer; offer again later.
                ClusterLog.MemberFailed(_options.Logger, e.Message, _options.VolunteerPause.TotalSeconds);
                await WithdrawAsync(stop).ConfigureAwait(false);
                _ = Task.Run(async () =>
                {
                    if (await PauseAsync(_options.VolunteerPause, stop).ConfigureAwait(false))
                    {
                        await VolunteerAgainAsync(stop).ConfigureAwait(false);
                    }
                }, CancellationToken.None);
            }
        }
        else if (!nominated && Member is not null)
        {
            try
            {
                ClusterLog.LeavingMember(_options.Logger);
                await LeaveMemberAsync(stop, cleanExit: false).ConfigureAwait(false);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                // The leader sees the member still there and waits; the next change of the nomination tries again.
                ClusterLog.Retrying(_options.Logger, $"could not remove this agent's member: {e.Message}", 0);
            }
        }
    }

    private async Task VolunteerAgainAsync(CancellationToken stop)
    {
        try
        {
            await VolunteerAsync(stop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WorldException or OperationCanceledException)
        {
            // Stopping, or the store is gone for longer than the timeout: the next start volunteers anew.
        }
    }

    private async Task StartMemberAsync(CancellationToken stop)
    {
        await _memberGate.WaitAsync(stop).ConfigureAwait(false);
        try
        {
            if (Member is not null) return;
            ClusterLog.StartingMember(_options.Logger, string.Join(",", _options.Member.ClientUrls));
            var member = await EtcdSupervisor.StartAsync(_options.Member with { JoinEndpoints = [] }, _world.MembershipStore, stop).ConfigureAwait(false);
            Volatile.Write(ref _member, member);
            ClusterLog.MemberRunning(_options.Logger, string.Join(",", member.ClientUrls));
        }
        finally
        {
            _memberGate.Release();
        }
    }

    /// <summary>Removes this agent's member from the cluster and stops it; returns a note for the log.</summary>
    private async Task<string> LeaveMemberAsync(CancellationToken cancellationToken, bool cleanExit)
    {
        await _memberGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Member is not { } member) return "";
            try
            {
                await member.LeaveAsync(_world.MembershipStore, cancellationToken).ConfigureAwait(false);
            }
            catch (EtcdMemberException) when (cleanExit)
            {
                // The last member: there is nobody to hand the data to; it stops (and keeps its data for a restart).
                return " (its etcd member was the cluster's last one: the cluster stops with it; start this agent again to bring it back)";
            }
            Volatile.Write(ref _member, null);
            await member.DisposeAsync().ConfigureAwait(false);
            return cleanExit ? " (its etcd member left the cluster first)" : "";
        }
        finally
        {
            _memberGate.Release();
        }
    }
}
