using System.Diagnostics;
using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Cluster;

/// <summary>
/// Issue 9's scenario with the built binary, real etcd members and real agents on loopback: five agents, ideal size
/// 3, started one at a time; the agents of members are killed with SIGKILL and replaced; the ideal size goes to 5
/// and to 1 while they run. Throughout, every agent writes a counter (from a file the test advances) with <c>kv</c>
/// and writes what it reads back into its own file: no agent stops applying and every agent reaches the final value.
/// </summary>
[Collection(nameof(ClusterCollection))]
public sealed class SelfManagingClusterTests : IAsyncDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..6];
    private readonly Dictionary<string, Agent> _agents = [];
    private readonly CancellationTokenSource _counterStop = new();
    private Task<int>? _counter;

    private sealed record Agent(string Host, string Prefix)
    {
        public string ClientUrl { get; set; } = ClusterHelpers.FreeMemberUrl();

        public string PeerUrl { get; set; } = ClusterHelpers.FreeMemberUrl();

        public MgmtProcess? Process { get; set; }
        public List<string> Logs { get; } = [];
    }

    private string Program() => _dir.Write("main.mcl", $$"""
        import "os"
        import "world"

        $dir = "{{_dir.Path}}/"
        kv "counter" { value => os.readfile("${dir}input"), }
        $seen = world.getval("counter")
        file "${dir}${hostname}.out" {
        	state => $const.res.file.state.exists,
        	content => $seen->value,
        }
        """);

    [Fact]
    public async Task Five_agents_keep_three_healthy_members_through_kills_and_size_changes_and_every_agent_sees_the_last_value()
    {
        ClusterHelpers.RequireEtcd();
        var program = Program();
        File.WriteAllText(_dir.File("input"), "0");

        // Started one at a time: the first starts the cluster with ideal size 3, the others join as volunteers.
        for (var i = 1; i <= 5; i++)
        {
            var agent = new Agent($"self{i}-{_suffix}", _dir.File($"prefix{i}"));
            _agents[agent.Host] = agent;
            Start(agent, program, i == 1 ? ["--ideal-cluster-size=3"] : [$"--seeds={_agents.Values.First().ClientUrl}"]);
            await agent.Process!.WaitForLogAsync("world: in a cluster", TimeSpan.FromSeconds(60));
        }
        var (view, took) = await WaitSettledAsync(3, "three healthy members");
        Report($"three members after the fifth agent started: {took.TotalSeconds:0.0} s ({view})");
        _counter = Task.Run(() => AdvanceCounterAsync(_counterStop.Token));

        // SIGKILL the agent of a member that does not lead: the leader removes its member and promotes a volunteer.
        var victim = _agents[view.Members.Select(m => m.Name).First(n => n != view.Leader)];
        var killed = Kill(victim);
        (view, took) = await WaitSettledAsync(3, $"a replacement for {victim.Host}", v => v.Hosts.All(h => h.Host != victim.Host));
        Report($"{victim.Host} killed: three healthy members again {killed.Elapsed.TotalSeconds:0.0} s later ({view})");
        Start(victim, program, [$"--seeds={SeedList()}"]);

        // SIGKILL the leader's agent (it also runs a member): another agent is elected and replaces its member.
        var leader = _agents[view.Leader!];
        killed = Kill(leader);
        (view, took) = await WaitSettledAsync(3, $"a new leader and a replacement for {leader.Host}", v => v.Leader != leader.Host && v.Hosts.All(h => h.Host != leader.Host));
        Report($"leader {leader.Host} killed: {view.Leader} leads, three healthy members {killed.Elapsed.TotalSeconds:0.0} s later");
        Start(leader, program, [$"--seeds={SeedList()}"]);
        await leader.Process!.WaitForLogAsync("world: in a cluster", TimeSpan.FromSeconds(60));

        // The ideal size changes while the agents run.
        await SetSizeAsync(5);
        (view, took) = await WaitSettledAsync(5, "five healthy members");
        Report($"size 5: five healthy members {took.TotalSeconds:0.0} s later");
        await SetSizeAsync(1);
        (view, took) = await WaitSettledAsync(1, "a single member");
        Report($"size 1: one member {took.TotalSeconds:0.0} s later ({view})");

        await _counterStop.CancelAsync();
        var last = (await _counter).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ClusterHelpers.WaitAsync(() => _agents.Values.All(a => ClusterHelpers.ReadOrEmpty(_dir.File($"{a.Host}.out")) == last),
            $"every agent to write the last value {last}", 60, Diagnostics);
        Assert.All(_agents.Values, a => Assert.False(a.Process!.HasExited, $"{a.Host} stopped:\n{a.Process.Stderr}"));
        foreach (var a in _agents.Values)
        {
            var log = string.Join("\n", a.Logs) + a.Process!.Stderr;
            Assert.DoesNotContain("failed for good", log);
            Assert.DoesNotContain("internal error", log);
        }
    }

    private void Start(Agent agent, string program, string[] flags)
    {
        if (agent.Process is { } old)
        {
            agent.Logs.Add(old.Stderr);
            // New ports for the restart: the old ones may have become the local end of some outgoing connection.
            agent.ClientUrl = ClusterHelpers.FreeMemberUrl();
            agent.PeerUrl = ClusterHelpers.FreeMemberUrl();
        }
        agent.Process = MgmtProcess.Start(["run", "--hostname", agent.Host, "--prefix", agent.Prefix, "--session-ttl=3",
            $"--client-urls={agent.ClientUrl}", $"--server-urls={agent.PeerUrl}", .. flags, "lang", program]);
    }

    private static Stopwatch Kill(Agent agent)
    {
        Process.GetProcessById(agent.Process!.Id).Kill(); // SIGKILL: its etcd dies with it (parent-death signal)
        return Stopwatch.StartNew();
    }

    private string SeedList() => string.Join(',', _agents.Values.Where(a => a.Process is { HasExited: false }).Select(a => a.ClientUrl));

    private Task<(ClusterView View, TimeSpan Took)> WaitSettledAsync(int members, string what, Func<ClusterView, bool>? also = null) =>
        ClusterView.WaitAsync(() => _agents.Values.Where(a => a.Process is { HasExited: false }).Select(a => a.ClientUrl),
            v => v.Settled(members) && (also?.Invoke(v) ?? true), what, 90, Diagnostics);

    private async Task SetSizeAsync(int size)
    {
        var (code, process) = await MgmtProcess.RunAsync(["cluster", $"--seeds={SeedList()}", "size", size.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await using var _ = process;
        Assert.True(code == 0, $"mgmt cluster size {size} failed ({code}):\n{process.Stderr}");
        Assert.Contains($"set to {size}", process.Stdout);
    }

    /// <summary>Writes 1, 2, 3... into the input file every 50 ms (atomically); returns the last value written.</summary>
    private async Task<int> AdvanceCounterAsync(CancellationToken stop)
    {
        var n = 0;
        while (!stop.IsCancellationRequested)
        {
            n++;
            File.WriteAllText(_dir.File("input.tmp"), n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            File.Move(_dir.File("input.tmp"), _dir.File("input"), overwrite: true);
            try
            {
                await Task.Delay(50, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return n;
    }

    private string Diagnostics() => string.Join("\n", _agents.Values.Select(a =>
        $"--- {a.Host} [{ClusterHelpers.ReadOrEmpty(_dir.File($"{a.Host}.out"))}] {(a.Process is { HasExited: true } ? "(exited)" : "")}\n{Tail(a.Process?.Stderr ?? "")}"));

    private static string Tail(string text) => string.Join("\n", text.Split('\n').TakeLast(25));

    private static void Report(string line) => Console.WriteLine($"[self-managing cluster] {line}");

    public async ValueTask DisposeAsync()
    {
        await _counterStop.CancelAsync();
        if (_counter is not null) await _counter;
        await ClusterHelpers.StopAllAsync([.. _agents.Values.Select(a => a.Process).OfType<MgmtProcess>()]);
        _counterStop.Dispose();
        _dir.Dispose();
    }
}
