using System.Net;
using System.Net.Sockets;
using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Cluster;

/// <summary>
/// Cluster mistakes found at start-up are one clear message and exit 2, before anything is applied: the program's
/// file resource (which would create a marker file) never runs.
/// </summary>
[Collection(nameof(ClusterCollection))]
public sealed class ClusterStartupTests : IDisposable
{
    private readonly TempDir _dir = new();

    private string Program() => _dir.Write("main.mcl", $$"""
        file "{{_dir.File("applied")}}" { state => $const.res.file.state.exists, content => "x", }
        """);

    private async Task<string> FailsAtStartAsync(MgmtProcess agent, int timeoutSeconds = 60)
    {
        await using var _ = agent;
        Assert.Equal(2, await agent.WaitForExitAsync(TimeSpan.FromSeconds(timeoutSeconds)));
        Assert.Single(agent.Stderr.Split('\n'), l => l.StartsWith("mgmt: error:", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", agent.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("applied")), "nothing may be applied when the agent cannot start");
        return agent.Stderr;
    }

    [Fact]
    public async Task Unreachable_seeds_are_reported_with_what_to_check()
    {
        var nobody = ClusterHelpers.FreeUrl();
        var log = await FailsAtStartAsync(ClusterHelpers.Agent("lonely", Program(), $"--seeds={nobody}", "--no-server"));
        Assert.Contains($"could not reach etcd at {nobody}", log);
        Assert.Contains("check the --seeds URLs", log);
    }

    [Fact]
    public async Task A_client_port_in_use_is_reported_before_etcd_starts()
    {
        ClusterHelpers.RequireEtcd();
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)busy.LocalEndpoint).Port}";
        var log = await FailsAtStartAsync(ClusterHelpers.Agent("busy", Program(), $"--client-urls={url}", $"--server-urls={ClusterHelpers.FreeUrl()}"));
        Assert.Contains("is already in use by another process", log);
        Assert.Contains("--client-urls", log);
    }

    [Fact]
    public async Task Two_live_agents_cannot_share_a_hostname()
    {
        ClusterHelpers.RequireEtcd();
        var host = $"twin-{Guid.NewGuid().ToString("N")[..6]}";
        var client = ClusterHelpers.FreeUrl();
        await using var first = ClusterHelpers.Agent(host, _dir.Write("idle.mcl", "noop \"idle\" {}\n"), $"--client-urls={client}", $"--server-urls={ClusterHelpers.FreeUrl()}");
        await first.WaitForLogAsync("is running", TimeSpan.FromSeconds(60));

        var log = await FailsAtStartAsync(ClusterHelpers.Agent(host, Program(), $"--seeds={client}", "--no-server"));
        Assert.Contains($"the hostname \"{host}\" is already used by", log);
        Assert.Contains("another --hostname", log);
        first.Signal(15);
        Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Member_data_that_mgmt_did_not_make_is_refused_and_left_alone()
    {
        ClusterHelpers.RequireEtcd();
        var prefix = Path.Combine(_dir.Path, "prefix");
        var member = Directory.CreateDirectory(Path.Combine(prefix, "etcd", "member"));
        File.WriteAllText(Path.Combine(member.FullName, "precious"), "keep me");
        var agent = MgmtProcess.Start(["run", "--hostname", "careful", "--prefix", prefix,
            $"--client-urls={ClusterHelpers.FreeUrl()}", $"--server-urls={ClusterHelpers.FreeUrl()}", "lang", Program()]);
        var log = await FailsAtStartAsync(agent);
        Assert.Contains("holds a member that mgmt did not create", log);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(member.FullName, "precious")));
    }

    [Theory]
    [InlineData("kv \"a//b\" { value => \"x\", }", "empty part")]
    [InlineData("kv \"k\" { key => \"tab\\there\", value => \"x\", }", "a tab")]
    [InlineData("noop \"n\" { Meta:export => [\"not a host\"], }", "is not a hostname")]
    public async Task A_key_or_export_target_the_store_cannot_hold_refuses_the_first_graph(string statement, string mentioned)
    {
        var program = _dir.Write("main.mcl", $$"""
            file "{{_dir.File("applied")}}" { state => $const.res.file.state.exists, content => "x", }
            {{statement}}
            """);
        await using var agent = MgmtProcess.Start(["run", "--hostname", "keys", "--tmp-prefix", "lang", program]);
        Assert.Equal(2, await agent.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(mentioned, agent.Stderr);
        Assert.Contains("nothing was changed", agent.Stderr);
        Assert.False(File.Exists(_dir.File("applied")));
    }

    [Theory]
    [InlineData("$v = world.getval(\"a/\")\n$s = $v->value", "world.getval")]
    [InlineData("$s = fmt.printf(\"%v\", world.kvlookup(\"line\\nbreak\"))", "world.kvlookup")]
    [InlineData("$s = fmt.printf(\"%v\", world.schedule(\"a/b\"))", "world.schedule")]
    public async Task A_key_the_store_cannot_hold_in_a_world_function_refuses_the_first_graph(string statement, string function)
    {
        var program = _dir.Write("main.mcl", $$"""
            import "fmt"
            import "world"
            {{statement}}
            file "{{_dir.File("applied")}}" { state => $const.res.file.state.exists, content => "x", }
            noop "uses" { comment => $s, }
            """);
        await using var agent = MgmtProcess.Start(["run", "--hostname", "keys", "--tmp-prefix", "lang", program]);
        Assert.Equal(2, await agent.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(function, agent.Stderr);
        Assert.Contains("nothing was changed", agent.Stderr);
        Assert.DoesNotContain("   at ", agent.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("applied")), "nothing may be applied when the first graph cannot be made");
    }

    [Theory]
    [InlineData(new[] { "--seeds=localhost:2379" }, "--seeds: \"localhost:2379\" is not a URL")]
    [InlineData(new[] { "--client-urls=http://127.0.0.1" }, "has no port")]
    [InlineData(new[] { "--etcd-replace-stale-data" }, "--etcd-replace-stale-data applies to the data of an etcd member")]
    public async Task Bad_cluster_flags_are_usage_errors(string[] flags, string mentioned)
    {
        var (code, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", .. flags, "lang", Program()]);
        await using var _ = p;
        Assert.Equal(2, code);
        Assert.Contains(mentioned, p.Stderr);
    }

    public void Dispose() => _dir.Dispose();
}
