using Mgmt.World.Cluster;

namespace Mgmt.World.Tests.Cluster;

/// <summary>The leader's decision, step by step: one change at a time, dead members first, never a step that could
/// cost the quorum.</summary>
public sealed class MembershipPlanTests
{
    private static Volunteer V(string host, int port) => new(host, [$"http://127.0.0.1:{port + 1}"], [$"http://127.0.0.1:{port}"]);

    private static readonly Volunteer[] Five = [V("h1", 100), V("h2", 200), V("h3", 300), V("h4", 400), V("h5", 500)];

    private static ClusterMemberInfo Member(string name, ulong id, bool healthy = true, bool learner = false, int? port = null)
    {
        var p = port ?? Five.First(v => v.Host == name).ClientUrls[0].Split(':')[2] switch { var s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) };
        return new ClusterMemberInfo(id, name, [$"http://127.0.0.1:{p + 1}"], name.Length > 0 ? [$"http://127.0.0.1:{p}"] : [], learner, healthy);
    }

    private static MembershipSnapshot Snapshot(int ideal, string[] live, string[] nominated, ClusterMemberInfo[] members, Volunteer[]? volunteers = null) =>
        new(ideal, live.ToHashSet(), volunteers ?? [.. Five.Where(v => live.Contains(v.Host))], nominated, members, "h1");

    [Fact]
    public void A_new_cluster_grows_one_volunteer_at_a_time_in_the_order_they_came()
    {
        var step = MembershipPlan.Next(Snapshot(3, ["h1", "h2", "h3", "h4"], ["h1"], [Member("h1", 1)]));
        Assert.Equal("h2", Assert.IsType<MembershipAction.Nominate>(step).Volunteer.Host);

        // h2 is nominated but not a voting member yet: nothing else happens meanwhile.
        step = MembershipPlan.Next(Snapshot(3, ["h1", "h2", "h3", "h4"], ["h1", "h2"], [Member("h1", 1)]));
        Assert.IsType<MembershipAction.Wait>(step);
        step = MembershipPlan.Next(Snapshot(3, ["h1", "h2", "h3", "h4"], ["h1", "h2"], [Member("h1", 1), Member("h2", 2, learner: true)]));
        Assert.IsType<MembershipAction.Wait>(step);

        step = MembershipPlan.Next(Snapshot(3, ["h1", "h2", "h3", "h4"], ["h1", "h2"], [Member("h1", 1), Member("h2", 2)]));
        Assert.Equal("h3", Assert.IsType<MembershipAction.Nominate>(step).Volunteer.Host);

        step = MembershipPlan.Next(Snapshot(3, ["h1", "h2", "h3", "h4"], ["h1", "h2", "h3"], [Member("h1", 1), Member("h2", 2), Member("h3", 3)]));
        Assert.IsType<MembershipAction.Settled>(step);
    }

    [Fact]
    public void A_dead_agents_member_is_removed_before_anything_else_then_replaced()
    {
        string[] live = ["h1", "h3", "h4"];
        ClusterMemberInfo[] members = [Member("h1", 1), Member("h2", 2, healthy: false), Member("h3", 3)];
        var step = MembershipPlan.Next(Snapshot(3, live, ["h1", "h2", "h3"], members));
        Assert.Equal(2ul, Assert.IsType<MembershipAction.RemoveMember>(step).Member.Id);

        step = MembershipPlan.Next(Snapshot(3, live, ["h1", "h2", "h3"], [Member("h1", 1), Member("h3", 3)]));
        Assert.Equal("h2", Assert.IsType<MembershipAction.Unnominate>(step).Host);

        step = MembershipPlan.Next(Snapshot(3, live, ["h1", "h3"], [Member("h1", 1), Member("h3", 3)]));
        Assert.Equal("h4", Assert.IsType<MembershipAction.Nominate>(step).Volunteer.Host);
    }

    [Fact]
    public void While_a_live_agents_member_is_down_nothing_changes()
    {
        // Its agent restarts it; removing or adding a member now could cost the quorum.
        var step = MembershipPlan.Next(Snapshot(1, ["h1", "h2", "h3"], ["h1", "h2", "h3"], [Member("h1", 1), Member("h2", 2, healthy: false), Member("h3", 3)]));
        Assert.IsType<MembershipAction.Wait>(step);
    }

    [Fact]
    public void A_smaller_ideal_size_unnominates_the_latest_nominee_other_than_the_leader_one_at_a_time()
    {
        string[] all = ["h1", "h2", "h3", "h4", "h5"];
        ClusterMemberInfo[] five = [Member("h1", 1), Member("h2", 2), Member("h3", 3), Member("h4", 4), Member("h5", 5)];
        var step = MembershipPlan.Next(Snapshot(1, all, all, five));
        Assert.Equal("h5", Assert.IsType<MembershipAction.Unnominate>(step).Host);

        // h5 still runs its member (it is leaving): wait for it.
        step = MembershipPlan.Next(Snapshot(1, all, ["h1", "h2", "h3", "h4"], five));
        Assert.IsType<MembershipAction.Wait>(step);

        step = MembershipPlan.Next(new MembershipSnapshot(1, all.ToHashSet(), Five, ["h4", "h1"], [Member("h1", 1), Member("h4", 4)], "h4"));
        Assert.Equal("h1", Assert.IsType<MembershipAction.Unnominate>(step).Host);
    }

    [Fact]
    public void The_last_voting_member_is_never_removed()
    {
        var step = MembershipPlan.Next(Snapshot(3, ["h2"], ["h1"], [Member("h1", 1, healthy: false)]));
        Assert.IsNotType<MembershipAction.RemoveMember>(step);
    }

    [Fact]
    public void A_learner_left_by_a_failed_join_is_removed_and_a_volunteer_that_withdrew_is_unnominated()
    {
        var orphan = Member("", 9, learner: true, port: 900);
        var step = MembershipPlan.Next(Snapshot(3, ["h1", "h2"], ["h1"], [Member("h1", 1), orphan]));
        Assert.Equal(9ul, Assert.IsType<MembershipAction.RemoveMember>(step).Member.Id);

        // h2 was nominated, failed to start its member and stopped volunteering.
        step = MembershipPlan.Next(new MembershipSnapshot(3, new HashSet<string> { "h1", "h2" }, [V("h1", 100)], ["h1", "h2"], [Member("h1", 1)], "h1"));
        Assert.Equal("h2", Assert.IsType<MembershipAction.Unnominate>(step).Host);
    }

    [Fact]
    public void A_live_agent_that_no_longer_volunteers_loses_its_dead_member()
    {
        // h2 restarted with --no-server: its old member does not answer and it no longer volunteers.
        var step = MembershipPlan.Next(new MembershipSnapshot(3, new HashSet<string> { "h1", "h2" }, [V("h1", 100)], ["h1", "h2"],
            [Member("h1", 1), Member("h2", 2, healthy: false)], "h1"));
        Assert.Equal(2ul, Assert.IsType<MembershipAction.RemoveMember>(step).Member.Id);
    }

    [Fact]
    public void Members_of_an_etcd_cluster_mgmt_did_not_build_are_never_touched()
    {
        // The agents are clients of an external cluster: its members were never nominated and have no agent.
        ClusterMemberInfo[] external = [Member("etcd-a", 11, port: 700), Member("etcd-b", 12, healthy: false, port: 710), Member("etcd-c", 13, port: 720)];
        var step = MembershipPlan.Next(Snapshot(3, ["h1", "h2"], [], external));
        Assert.IsType<MembershipAction.Wait>(step);
        step = MembershipPlan.Next(Snapshot(1, ["h1"], [], [Member("", 14, port: 730)]));
        Assert.IsNotType<MembershipAction.RemoveMember>(step); // an unstarted voter is not a learner mgmt left behind
    }

    [Fact]
    public void Fewer_volunteers_than_the_ideal_size_is_settled()
    {
        var step = MembershipPlan.Next(Snapshot(5, ["h1", "h2"], ["h1", "h2"], [Member("h1", 1), Member("h2", 2)]));
        Assert.IsType<MembershipAction.Settled>(step);
    }
}
