using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Cluster;

/// <summary>
/// Three agents that each run an etcd member of one cluster: the leader's etcd is killed with SIGKILL, and the
/// agents keep working: every value written after the election reaches every agent, and the killed member's agent
/// restarts it.
/// </summary>
[Collection(nameof(ClusterCollection))]
public sealed class MemberKillTests : IAsyncDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..6];
    private readonly List<(string Host, string ClientUrl, MgmtProcess Agent)> _agents = [];

    /// <summary>The writer publishes the content of its input file; every agent writes what it reads into its own file.</summary>
    private string Program(string writer) => _dir.Write("main.mcl", $$"""
        import "os"
        import "world"

        $dir = "{{_dir.Path}}/"
        if $hostname == "{{writer}}" {
            kv "kill-test" { value => os.readfile("${dir}input"), }
        }
        $seen = world.getval("kill-test")
        file "${dir}${hostname}.out" {
            state => $const.res.file.state.exists,
            content => $seen->value,
        }
        """);

    [Fact]
    public async Task Agents_keep_working_and_see_every_value_after_the_leader_member_is_killed()
    {
        ClusterHelpers.RequireEtcd();
        var writer = $"kill2-{_suffix}";
        var program = Program(writer);
        File.WriteAllText(_dir.File("input"), "v0");
        var seeds = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            var host = $"kill{i}-{_suffix}";
            var (client, peer) = (ClusterHelpers.FreeMemberUrl(), ClusterHelpers.FreeMemberUrl());
            string[] flags = [$"--client-urls={client}", $"--server-urls={peer}", .. seeds.Count > 0 ? new[] { $"--seeds={string.Join(',', seeds)}" } : []];
            var agent = ClusterHelpers.Agent(host, program, flags);
            _agents.Add((host, client, agent));
            await agent.WaitForLogAsync("world: in a cluster", TimeSpan.FromSeconds(60));
            seeds.Add(client);
        }
        // The second and third agents volunteer; the leader nominates them one at a time (the ideal size is 5).
        await ClusterView.WaitAsync(() => seeds, v => v.Settled(3), "three healthy members", 90,
            () => string.Join("\n", _agents.Select(a => $"{a.Host}:\n{a.Agent.Stderr}")));
        await EveryAgentSeesAsync("v0");

        var leader = await LeaderAsync();
        var victim = ClusterHelpers.EtcdPid(leader) ?? throw new Xunit.Sdk.XunitException($"the etcd process of {leader} was not found");
        Process.GetProcessById(victim).Kill(); // SIGKILL
        var killedAt = Stopwatch.StartNew();

        for (var n = 1; n <= 5; n++)
        {
            File.WriteAllText(_dir.File("input"), $"v{n}");
            await EveryAgentSeesAsync($"v{n}");
            Console.WriteLine($"[member kill] v{n} reached every agent {killedAt.ElapsedMilliseconds} ms after the leader's etcd ({leader}) was killed");
        }

        // The agent owns its member: it started a new etcd in place of the killed one.
        await ClusterHelpers.WaitAsync(() => ClusterHelpers.EtcdPid(leader) is { } pid && pid != victim, $"the agent of {leader} to restart its etcd", 60,
            () => _agents.Single(a => a.Host == leader).Agent.Stderr);
        Assert.All(_agents, a => Assert.False(a.Agent.HasExited, $"{a.Host} stopped:\n{a.Agent.Stderr}"));
    }

    private Task EveryAgentSeesAsync(string value) =>
        ClusterHelpers.WaitAsync(
            () => _agents.All(a => ClusterHelpers.ReadOrEmpty(_dir.File($"{a.Host}.out")) == value),
            $"every agent to write {value}", 60,
            () => string.Join("\n", _agents.Select(a => $"{a.Host}: [{ClusterHelpers.ReadOrEmpty(_dir.File($"{a.Host}.out"))}]\n{a.Agent.Stderr}")));

    /// <summary>
    /// The name of the member that leads the cluster now, asked through etcd's JSON gateway. Members that have just
    /// joined may still disagree or know no leader for a moment: ask again until every member names the same one.
    /// </summary>
    private async Task<string> LeaderAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; ; attempt++)
        {
            var ids = new Dictionary<string, string>();
            var leaders = new HashSet<string>();
            foreach (var (host, client, _) in _agents)
            {
                using var response = await http.PostAsJsonAsync($"{client}/v3/maintenance/status", new { }, TestContext.Current.CancellationToken);
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
                ids[json.RootElement.GetProperty("header").GetProperty("member_id").GetString()!] = host;
                leaders.Add(json.RootElement.TryGetProperty("leader", out var l) ? l.GetString() ?? "" : "");
            }
            if (leaders.Count == 1 && ids.TryGetValue(leaders.Single(), out var leader)) return leader;
            if (attempt >= 60) throw new Xunit.Sdk.XunitException($"the members do not agree on a leader: {string.Join(", ", leaders)}");
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, _, agent) in _agents) if (!agent.HasExited) agent.Signal(15);
        foreach (var (_, _, agent) in _agents)
        {
            try
            {
                await agent.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }
            catch (Xunit.Sdk.XunitException)
            {
            }
            await agent.DisposeAsync();
        }
        _dir.Dispose();
    }
}
