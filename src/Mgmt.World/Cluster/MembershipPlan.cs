namespace Mgmt.World.Cluster;

/// <summary>A host that offers to run a member, with the URLs its member would use.</summary>
/// <param name="Host">Its hostname.</param>
/// <param name="PeerUrls">The peer URLs its member would advertise.</param>
/// <param name="ClientUrls">The client URLs its member would advertise.</param>
public sealed record Volunteer(string Host, IReadOnlyList<string> PeerUrls, IReadOnlyList<string> ClientUrls);

/// <summary>What the leader sees at one moment: the input of <see cref="MembershipPlan.Next"/>.</summary>
/// <param name="IdealSize">How many members there should be.</param>
/// <param name="LiveHosts">Hosts whose session is alive.</param>
/// <param name="Volunteers">Volunteers in the order they volunteered.</param>
/// <param name="Nominated">Nominated hosts in the order they were nominated.</param>
/// <param name="Members">The etcd members, each with a fresh health check.</param>
/// <param name="Leader">The leader's own hostname (it prefers to unnominate others).</param>
public sealed record MembershipSnapshot(
    int IdealSize,
    IReadOnlySet<string> LiveHosts,
    IReadOnlyList<Volunteer> Volunteers,
    IReadOnlyList<string> Nominated,
    IReadOnlyList<ClusterMemberInfo> Members,
    string Leader);

/// <summary>One step the leader takes; at most one per round, so membership changes one member at a time.</summary>
public abstract record MembershipAction(string Why)
{
    /// <summary>Nothing to do: the cluster has its ideal size and every member is healthy.</summary>
    public sealed record Settled() : MembershipAction("the cluster has its ideal size");

    /// <summary>Something is under way (a member joining or leaving, a member down): wait for it.</summary>
    public sealed record Wait(string Reason) : MembershipAction(Reason);

    /// <summary>Remove a member whose agent is gone (dead or a leftover of a failed join).</summary>
    public sealed record RemoveMember(ClusterMemberInfo Member, string Reason) : MembershipAction(Reason);

    /// <summary>Ask a volunteer to run a member.</summary>
    public sealed record Nominate(Volunteer Volunteer, string Reason) : MembershipAction(Reason);

    /// <summary>Ask a nominated host to stop its member (it removes itself, then stops).</summary>
    public sealed record Unnominate(string Host, string Reason) : MembershipAction(Reason);
}

/// <summary>
/// The leader's decision, as a pure function of what it sees, so that it can be tested exhaustively. The rules
/// keep the cluster's quorum at every step:
/// <list type="number">
/// <item>Members whose agent is gone are removed first (only members mgmt manages: one it nominated, or a learner
/// left by a failed join; the members of an etcd cluster that mgmt did not build are never touched, and the leader
/// then waits). Removing a dead member never lowers the number of live
/// voters, and it lowers the quorum the live ones need (3 members with one dead: 2 of 2 left, not 2 of 3).</item>
/// <item>Nominations of hosts that died or stopped volunteering are withdrawn.</item>
/// <item>While anything is under way (a learner catching up, a nominee not yet a voter, a member leaving, a voter
/// that does not answer its health check), nothing else changes.</item>
/// <item>Then one volunteer is nominated while there are fewer members than the ideal size, or one nominee is
/// unnominated while there are more. A new member joins as a learner and votes only once it has caught up; a member
/// leaves only when every other one is healthy, so neither step can cost the quorum.</item>
/// </list>
/// </summary>
public static class MembershipPlan
{
    public static MembershipAction Next(MembershipSnapshot s)
    {
        var volunteers = s.Volunteers.Where(v => s.LiveHosts.Contains(v.Host)).ToDictionary(v => v.Host, StringComparer.Ordinal);
        var nominated = s.Nominated.ToList();
        var voters = s.Members.Where(m => !m.IsLearner).ToList();

        // 1. Members whose agent is gone.
        foreach (var member in s.Members)
        {
            var started = member.Name.Length > 0;
            // Only members that mgmt manages: a started member some agent was nominated for, or a learner (mgmt joins
            // as a learner). A member of an etcd cluster that mgmt did not build is never touched.
            var gone = started
                ? nominated.Contains(member.Name)
                    && (!s.LiveHosts.Contains(member.Name)
                        // A live agent that stopped volunteering (restarted with --no-server) runs no member.
                        || (member.Healthy == false && !volunteers.ContainsKey(member.Name)))
                : member.IsLearner
                    && !nominated.Any(h => volunteers.TryGetValue(h, out var v) && v.PeerUrls.Intersect(member.PeerUrls, StringComparer.OrdinalIgnoreCase).Any());
            if (gone && !(voters.Count == 1 && voters[0].Id == member.Id))
            {
                return new MembershipAction.RemoveMember(member, started
                    ? $"the agent of member {member.Name} is gone"
                    : $"member {member.Id:x} never started and no nominated agent owns it");
            }
        }

        // 2. Nominations that no longer stand.
        foreach (var host in nominated)
        {
            if (!s.LiveHosts.Contains(host)) return new MembershipAction.Unnominate(host, $"{host} is gone");
            if (!volunteers.ContainsKey(host)) return new MembershipAction.Unnominate(host, $"{host} no longer volunteers");
        }

        // 3. Anything under way.
        if (s.Members.FirstOrDefault(m => m.IsLearner || m.Name.Length == 0) is { } joining)
        {
            return new MembershipAction.Wait($"member {(joining.Name.Length > 0 ? joining.Name : joining.Id.ToString("x"))} is joining");
        }
        if (nominated.FirstOrDefault(h => !voters.Any(m => m.Name == h)) is { } nominee)
        {
            return new MembershipAction.Wait($"{nominee} is starting its member");
        }
        if (voters.FirstOrDefault(m => !nominated.Contains(m.Name)) is { } leaving)
        {
            return new MembershipAction.Wait($"{leaving.Name} is leaving");
        }
        if (voters.FirstOrDefault(m => m.Healthy == false) is { } down)
        {
            return new MembershipAction.Wait($"member {down.Name} does not answer its health check");
        }

        // 4. Toward the ideal size, one member at a time.
        var ideal = Math.Max(1, s.IdealSize);
        if (nominated.Count < ideal)
        {
            var next = s.Volunteers.FirstOrDefault(v => volunteers.ContainsKey(v.Host) && !nominated.Contains(v.Host));
            return next is null
                ? new MembershipAction.Settled()
                : new MembershipAction.Nominate(next, $"{nominated.Count} of {ideal} members");
        }
        if (nominated.Count > ideal)
        {
            var host = nominated.LastOrDefault(h => h != s.Leader) ?? nominated[^1];
            return new MembershipAction.Unnominate(host, $"{nominated.Count} members, ideal size {ideal}");
        }
        return new MembershipAction.Settled();
    }
}
