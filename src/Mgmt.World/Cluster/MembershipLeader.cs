using Mgmt.World.Core;
using Microsoft.Extensions.Logging;

namespace Mgmt.World.Cluster;

/// <summary>
/// What the elected leader does for as long as it leads: every round it reads the cluster (ideal size, live hosts,
/// volunteers, nominations, members with their health), asks <see cref="MembershipPlan"/> for the next step and
/// takes it. One step per round, so the membership changes one member at a time.
/// </summary>
internal sealed class MembershipLeader(ClusterReader cluster, string hostname, ILogger logger, TimeProvider time)
{
    /// <summary>Time between rounds while nothing happens (a step is followed by a quicker round).</summary>
    public static readonly TimeSpan Round = TimeSpan.FromMilliseconds(500);

    private string _lastReason = "";

    public async Task RunAsync(CancellationToken term)
    {
        var idealLogged = false;
        while (!term.IsCancellationRequested)
        {
            var snapshot = await ReadAsync(term).ConfigureAwait(false);
            if (!idealLogged)
            {
                ClusterLog.Elected(logger, hostname, snapshot.IdealSize);
                idealLogged = true;
            }
            var action = MembershipPlan.Next(snapshot);
            var acted = await TakeAsync(action, term).ConfigureAwait(false);
            await Task.Delay(acted ? Round / 5 : Round, time, term).ConfigureAwait(false);
        }
    }

    /// <summary>Everything the plan needs, read fresh.</summary>
    public async Task<MembershipSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var layout = cluster.Layout;
        var ideal = await cluster.IdealSizeAsync(cancellationToken).ConfigureAwait(false);
        var hosts = await cluster.ListAreaAsync(layout.Hosts, cancellationToken).ConfigureAwait(false);
        var volunteers = await cluster.ListAreaAsync(layout.Volunteers, cancellationToken).ConfigureAwait(false);
        var nominated = await cluster.ListAreaAsync(layout.Nominated, cancellationToken).ConfigureAwait(false);
        var members = await cluster.MembersWithHealthAsync(cancellationToken).ConfigureAwait(false);
        return new MembershipSnapshot(
            ideal,
            hosts.Select(h => h.Host).ToHashSet(StringComparer.Ordinal),
            [.. volunteers.Select(v => ToVolunteer(v.Host, v.Entry.Value)).OfType<Volunteer>()],
            [.. nominated.Select(n => n.Host)],
            members,
            hostname);
    }

    private static Volunteer? ToVolunteer(string host, string json) =>
        WorldJson.TryRead(json, WorldJson.Default.MemberUrlsRecord) is { } urls ? new Volunteer(host, urls.PeerUrls, urls.ClientUrls) : null;

    /// <summary>Takes one step; true when it changed something.</summary>
    private async Task<bool> TakeAsync(MembershipAction action, CancellationToken cancellationToken)
    {
        var layout = cluster.Layout;
        var calls = cluster.Calls;
        switch (action)
        {
            case MembershipAction.RemoveMember remove:
                ClusterLog.RemovingMember(logger, remove.Member.Name.Length > 0 ? remove.Member.Name : "(never started)", remove.Member.Id, remove.Why);
                await calls.RunAsync("remove a dead member", (_, ct) => cluster.Members!.RemoveAsync(remove.Member.Id, ct), cancellationToken).ConfigureAwait(false);
                return true;
            case MembershipAction.Nominate nominate:
                ClusterLog.Nominating(logger, nominate.Volunteer.Host, nominate.Why);
                var urls = WorldJson.Write(new MemberUrlsRecord(nominate.Volunteer.PeerUrls, nominate.Volunteer.ClientUrls));
                // No lease: a nomination outlives the leader that made it, so a new leader finds the cluster as it is.
                await calls.RunAsync($"nominate {nominate.Volunteer.Host}", (s, ct) => s.PutAsync(layout.NominatedKey(nominate.Volunteer.Host), urls, 0, ct), cancellationToken)
                    .ConfigureAwait(false);
                return true;
            case MembershipAction.Unnominate unnominate:
                ClusterLog.Unnominating(logger, unnominate.Host, unnominate.Why);
                await calls.RunAsync($"unnominate {unnominate.Host}", (s, ct) => s.DeleteAsync(layout.NominatedKey(unnominate.Host), ct), cancellationToken)
                    .ConfigureAwait(false);
                return true;
            default:
                if (action.Why != _lastReason)
                {
                    ClusterLog.Waiting(logger, action.Why);
                    _lastReason = action.Why;
                }
                return false;
        }
    }
}
