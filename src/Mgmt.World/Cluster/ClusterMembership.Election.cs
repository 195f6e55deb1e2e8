using Mgmt.World.Core;
using Mgmt.World.Store;

namespace Mgmt.World.Cluster;

public sealed partial class ClusterMembership
{
    /// <summary>How often a leader checks that it still leads.</summary>
    private static readonly TimeSpan LeadershipCheck = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Campaigns in etcd's election on this agent's session lease, leads while elected, and campaigns again after
    /// losing the leadership (a lost session, a broken connection). A campaign that is interrupted is simply made
    /// again: etcd keys a campaign by its lease, so it resumes its place in the queue.
    /// </summary>
    private async Task CampaignAsync(CancellationToken stop)
    {
        var members = _world.Store.Members;
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var lease = _world.SessionLease;
                if (await members.CampaignAsync(Layout.Election, lease, Hostname, stop).ConfigureAwait(false) is not { } leadership)
                {
                    continue; // one round of waiting ended (or a member hung): campaign again at once
                }
                var current = await members.LeaderAsync(Layout.Election, stop).ConfigureAwait(false);
                if (current?.Key != leadership.Key)
                {
                    await PauseAsync(backoff.Next(), stop).ConfigureAwait(false);
                    continue;
                }
                backoff.Reset();
                Volatile.Write(ref _leadership, leadership);
                var why = await LeadAsync(leadership, stop).ConfigureAwait(false);
                Volatile.Write(ref _leadership, null);
                if (!stop.IsCancellationRequested)
                {
                    ClusterLog.SteppedDown(_options.Logger, Hostname, why);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Whatever went wrong, this agent keeps taking part: a dead campaign loop would leave the cluster
                // without a candidate.
                var delay = backoff.Next();
                ClusterLog.Retrying(_options.Logger, $"campaigning for the leadership: {e.Message}", (long)delay.TotalMilliseconds);
                await PauseAsync(delay, stop).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs the leader's rounds until the leadership is lost or the agent stops; returns why it ended.</summary>
    private async Task<string> LeadAsync(Leadership leadership, CancellationToken stop)
    {
        using var term = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var leader = new MembershipLeader(_world.Cluster, Hostname, _options.Logger, _options.Time);
        var duty = leader.RunAsync(term.Token);
        var watch = WatchLeadershipAsync(leadership, term.Token);
        var first = await Task.WhenAny(duty, watch).ConfigureAwait(false);
        await term.CancelAsync().ConfigureAwait(false);
        string why;
        try
        {
            why = first == watch ? await watch.ConfigureAwait(false) : "its rounds ended";
            await duty.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            why = stop.IsCancellationRequested ? "stopping" : first == watch ? await watch.ConfigureAwait(false) : "stopping";
        }
        catch (Exception e) when (e is StoreUnavailableException or WorldException)
        {
            why = $"the store failed it: {e.Message}";
        }
        try
        {
            await watch.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        return why;
    }

    /// <summary>Returns once this agent provably no longer leads (another leader key, or a new session).</summary>
    private async Task<string> WatchLeadershipAsync(Leadership leadership, CancellationToken term)
    {
        var members = _world.Store.Members;
        while (true)
        {
            await Task.Delay(LeadershipCheck, _options.Time, term).ConfigureAwait(false);
            if (_world.SessionLease != leadership.LeaseId)
            {
                return "its session was lost and renewed";
            }
            try
            {
                var current = await members.LeaderAsync(Layout.Election, term).ConfigureAwait(false);
                if (current?.Key != leadership.Key)
                {
                    return current is null ? "nobody leads any more" : $"{current.Value.Value} leads now";
                }
            }
            catch (StoreUnavailableException)
            {
                // Cannot tell now: keep leading; every step it takes goes through the store anyway.
            }
        }
    }
}
