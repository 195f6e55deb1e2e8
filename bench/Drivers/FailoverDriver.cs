using System.Diagnostics;
using System.Globalization;
using dotnet_etcd;
using Etcdserverpb;
using Mgmt.World;
using Mgmt.World.Cluster;
using Mgmt.World.Etcd;

namespace Mgmt.Bench;

/// <summary>
/// B10: a counter written to the cluster every 10 ms (through the world, as a client that follows the member list);
/// once the cluster has its members, the agent whose etcd member leads the raft group is killed with SIGKILL. Prints
/// how long until writes resume and until the cluster has as many healthy voting members as before, without the
/// killed one.
/// </summary>
internal static class FailoverDriver
{
    public static async Task<int> RunAsync(Options options)
    {
        var endpoints = options.Text("endpoints").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var agents = options.Text("agents").Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture));
        var members = options.Int("members", 3);
        var settle = TimeSpan.FromSeconds(options.Int("settle", 120));
        var label = options.TextOrNull("label") ?? "b10";

        await using var admin = await ClusterAdmin.ConnectAsync(endpoints, timeout: TimeSpan.FromSeconds(30));
        var before = await WaitAsync(admin, s => Voters(s) == members && s.Leader is not null, settle, $"{members} healthy members and a leader");
        var victim = await RaftLeaderAsync(before) ?? throw new BenchFailure("no etcd member says which member leads");
        var pid = agents.TryGetValue(victim, out var p) ? p : throw new BenchFailure($"the leading member {victim} is not one of the agents given");

        await using var writer = await EtcdWorld.ConnectAsync(new EtcdWorldOptions
        {
            Hostname = $"{label}-writer-{Environment.ProcessId}",
            Endpoints = endpoints,
            OperationTimeout = TimeSpan.FromSeconds(60),
        });
        using var stop = new CancellationTokenSource();
        var follow = writer.Store.FollowMembersAsync(null, TimeProvider.System, stop.Token);
        var clock = Stopwatch.StartNew();
        var completions = new List<(double Started, double Done)>();
        var writes = Task.Run(async () =>
        {
            for (var n = 0L; !stop.IsCancellationRequested; n++)
            {
                var started = clock.Elapsed.TotalMilliseconds;
                await writer.SetStringAsync("b10-counter", n.ToString(CultureInfo.InvariantCulture), stop.Token);
                lock (completions) completions.Add((started, clock.Elapsed.TotalMilliseconds));
                var next = started + 10 - clock.Elapsed.TotalMilliseconds;
                if (next > 0) await Task.Delay(TimeSpan.FromMilliseconds(next), stop.Token);
            }
        });
        await Task.Delay(1000);

        Process.GetProcessById(pid).Kill(); // SIGKILL: its etcd member dies with it
        var killedAt = clock.Elapsed.TotalMilliseconds;
        Console.Error.WriteLine($"{label}: killed {victim} (pid {pid}), the agent of the leading etcd member");
        double resumed;
        while (true)
        {
            lock (completions)
            {
                var first = completions.Where(c => c.Started >= killedAt).Select(c => c.Done).DefaultIfEmpty(double.NaN).First();
                if (!double.IsNaN(first))
                {
                    resumed = first - killedAt;
                    break;
                }
            }
            if (writes.IsFaulted) throw new BenchFailure($"the writer failed: {writes.Exception!.InnerException!.Message}");
            if (clock.Elapsed.TotalMilliseconds - killedAt > settle.TotalMilliseconds) throw new BenchFailure("writes did not resume");
            await Task.Delay(1);
        }
        var after = await WaitAsync(admin, s => Voters(s) == members && s.Members.All(m => m.Name != victim) && s.Leader is not null,
            settle, $"{members} healthy members without {victim}");
        var replaced = clock.Elapsed.TotalMilliseconds - killedAt;
        await stop.CancelAsync();
        try
        {
            await writes;
        }
        catch (OperationCanceledException)
        {
        }
        try
        {
            await follow;
        }
        catch (OperationCanceledException)
        {
        }
        double longestGap;
        lock (completions)
        {
            longestGap = completions.Zip(completions.Skip(1), (a, b) => b.Done - a.Done).DefaultIfEmpty(0).Max();
        }
        Console.WriteLine($"{label}_victim={victim}");
        Console.WriteLine($"{label}_resume_ms={Samples.Format(resumed)}");
        Console.WriteLine($"{label}_longest_gap_ms={Samples.Format(longestGap)}");
        Console.WriteLine($"{label}_replaced_ms={Samples.Format(replaced)}");
        Console.WriteLine($"{label}_members_after={string.Join(' ', after.Members.Select(m => m.Name))}");
        return 0;
    }

    private static int Voters(ClusterStatus status) => status.Members.Count(m => !m.IsLearner && m.Healthy == true && m.Name.Length > 0);

    private static async Task<ClusterStatus> WaitAsync(ClusterAdmin admin, Func<ClusterStatus, bool> condition, TimeSpan limit, string what)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var status = await admin.GetStatusAsync();
                if (condition(status)) return status;
            }
            catch (WorldException)
            {
                // The cluster is electing: ask again.
            }
            if (watch.Elapsed > limit) throw new BenchFailure($"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>The name of the member that leads the raft group, asked of the members themselves.</summary>
    private static async Task<string?> RaftLeaderAsync(ClusterStatus status)
    {
        foreach (var member in status.Members.Where(m => m.ClientUrls.Count > 0))
        {
            using var client = new EtcdClient(member.ClientUrls[0]);
            try
            {
                var answer = await client.StatusAsync(new StatusRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                return status.Members.FirstOrDefault(m => m.Id == answer.Leader)?.Name;
            }
            catch (Grpc.Core.RpcException)
            {
            }
        }
        return null;
    }
}
