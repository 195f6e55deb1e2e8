using Mgmt.Cli.Agent;
using Mgmt.Cli.CommandLine;
using Mgmt.Cli.Commands;

namespace Mgmt.Cli.Tests.Cluster;

public sealed class ClusterFlagsTests
{
    private static ClusterSettings Parse(params string[] flags) => Parse(flags, null);

    private static ClusterSettings Parse(string[] flags, Dictionary<string, string>? env)
    {
        var root = new MgmtCommand();
        var result = CommandLineParser.Parse(root, ["run", .. flags, "empty"], name => env?.GetValueOrDefault(name));
        var run = (RunCommand)result.Command.Parent!;
        run.Validate();
        return run.Settings.Cluster;
    }

    [Fact]
    public void Without_cluster_flags_the_agent_is_alone()
    {
        var cluster = Parse();
        Assert.False(cluster.UsesEtcd);
        Assert.False(cluster.MayRunMember);
        Assert.Null(cluster.IdealClusterSize);
        Assert.Equal(TimeSpan.FromSeconds(10), cluster.SessionTtl);
    }

    [Fact]
    public void Seeds_alone_make_a_volunteer_and_lists_split_on_commas_and_repeat()
    {
        var cluster = Parse("--seeds=http://10.0.0.1:2379,http://10.0.0.2:2379", "--seeds", "http://10.0.0.3:2379");
        Assert.True(cluster.UsesEtcd);
        Assert.False(cluster.Bootstraps);
        Assert.True(cluster.MayRunMember);
        Assert.Equal(["http://10.0.0.1:2379", "http://10.0.0.2:2379", "http://10.0.0.3:2379"], cluster.Seeds);
    }

    [Fact]
    public void Seeds_come_from_the_environment_too()
    {
        Assert.Equal(["http://10.0.0.9:2379"], Parse([], new() { ["MGMT_SEEDS"] = "http://10.0.0.9:2379" }).Seeds);
    }

    [Theory]
    [InlineData("--etcd-member")]
    [InlineData("--client-urls=http://127.0.0.1:12379")]
    [InlineData("--server-urls=http://127.0.0.1:12380")]
    public void A_member_flag_without_seeds_starts_a_new_cluster(string flag)
    {
        var cluster = Parse(flag);
        Assert.True(cluster.Bootstraps);
        Assert.True(cluster.UsesEtcd);
    }

    [Fact]
    public void No_server_keeps_a_client_and_the_ideal_size_is_given_or_left_alone()
    {
        var client = Parse("--seeds=http://127.0.0.1:2379", "--no-server");
        Assert.False(client.MayRunMember);
        Assert.True(client.UsesEtcd);
        Assert.Equal(3, Parse("--etcd-member", "--ideal-cluster-size=3").IdealClusterSize);
        Assert.Equal(7, Parse(["--seeds=http://127.0.0.1:2379"], new() { ["MGMT_IDEAL_CLUSTER_SIZE"] = "7" }).IdealClusterSize);
    }

    [Fact]
    public void Member_flags_with_seeds_say_where_a_volunteer_would_serve()
    {
        var cluster = Parse("--etcd-member", "--seeds=http://127.0.0.1:2379", "--etcd-replace-stale-data", "--session-ttl=3",
            "--advertise-client-urls=http://192.0.2.1:2379", "--advertise-server-urls=http://192.0.2.1:2380");
        Assert.False(cluster.Bootstraps);
        Assert.True(cluster.MayRunMember);
        Assert.True(cluster.ReplaceStaleData);
        Assert.Equal(TimeSpan.FromSeconds(3), cluster.SessionTtl);
        Assert.Equal(["http://192.0.2.1:2379"], cluster.AdvertiseClientUrls);
        Assert.Equal(["http://192.0.2.1:2380"], cluster.AdvertiseServerUrls);
    }

    [Theory]
    [InlineData("--seeds=ftp://127.0.0.1:2379", "not a URL")]
    [InlineData("--server-urls=http://127.0.0.1:2380/path", "has a path")]
    [InlineData("--session-ttl=0", "--session-ttl")]
    [InlineData("--ideal-cluster-size=0", "--ideal-cluster-size")]
    [InlineData("--ideal-cluster-size=10", "--ideal-cluster-size")]
    public void Bad_values_are_usage_errors(string flag, string mentioned)
    {
        var e = Assert.Throws<UsageException>(() => Parse(flag));
        Assert.Contains(mentioned, e.Message);
    }

    [Theory]
    [InlineData(new[] { "--no-server" }, "give the cluster to join with --seeds")]
    [InlineData(new[] { "--no-server", "--seeds=http://127.0.0.1:2379", "--etcd-member" }, "contradict")]
    [InlineData(new[] { "--ideal-cluster-size=3" }, "applies to a cluster")]
    [InlineData(new[] { "--etcd-replace-stale-data", "--seeds=http://127.0.0.1:2379", "--no-server" }, "--etcd-replace-stale-data")]
    public void Contradicting_cluster_flags_are_usage_errors(string[] flags, string mentioned)
    {
        var e = Assert.Throws<UsageException>(() => Parse(flags));
        Assert.Contains(mentioned, e.Message);
    }
}
