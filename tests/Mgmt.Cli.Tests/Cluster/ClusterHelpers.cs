using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Cluster;

/// <summary>The cluster tests run one at a time: they start several agents and etcd members each.</summary>
[CollectionDefinition(nameof(ClusterCollection), DisableParallelization = true)]
public sealed class ClusterCollection;

/// <summary>Ports, etcd and agents for the cluster tests.</summary>
internal static class ClusterHelpers
{
    public const string EtcdPath = "/usr/bin/etcd";

    /// <summary>Skips the test (saying why) where etcd is not installed; CI installs it.</summary>
    public static void RequireEtcd() =>
        Assert.SkipUnless(File.Exists(EtcdPath), $"etcd is not installed at {EtcdPath} (apt-get install etcd-server); CI installs it");

    /// <summary>A loopback URL on a port that was free a moment ago.</summary>
    public static string FreeUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

    /// <summary>
    /// A loopback URL on a free port below the kernel's ephemeral range (32768 and up), for a member that may start
    /// long after the port was chosen: a port in the ephemeral range can meanwhile become the local end of some
    /// outgoing connection, and the member could not listen on it.
    /// </summary>
    public static string FreeMemberUrl()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(20000, 32000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return $"http://127.0.0.1:{port}";
            }
            catch (SocketException)
            {
            }
        }
        return FreeUrl();
    }

    /// <summary>Starts an agent: run flags, then the mcl front end on <paramref name="program"/>.</summary>
    public static MgmtProcess Agent(string hostname, string program, params string[] flags) =>
        MgmtProcess.Start(["run", "--hostname", hostname, "--tmp-prefix", .. flags, "lang", program]);

    /// <summary>Polls until <paramref name="condition"/> holds; returns how long it took, or fails after <paramref name="seconds"/>.</summary>
    public static async Task<TimeSpan> WaitAsync(Func<bool> condition, string what, double seconds = 30, Func<string>? diagnostics = null)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed.TotalSeconds > seconds)
            {
                Assert.Fail($"timed out after {seconds} s waiting for {what}{(diagnostics is null ? "" : "\n" + diagnostics())}");
            }
            await Task.Delay(10);
        }
        return watch.Elapsed;
    }

    /// <summary>Stops the agents, the last started first (SIGTERM, then up to 30 s each), and disposes them.</summary>
    public static async Task StopAllAsync(IReadOnlyList<MgmtProcess> agents)
    {
        for (var i = agents.Count - 1; i >= 0; i--)
        {
            var agent = agents[i];
            if (!agent.HasExited) agent.Signal(15);
            try
            {
                await agent.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }
            catch (Xunit.Sdk.XunitException)
            {
                // One that does not stop is killed by its disposal below.
            }
            await agent.DisposeAsync();
        }
    }

    public static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>The pid of the running etcd member named <paramref name="name"/>, or null.</summary>
    public static int? EtcdPid(string name)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string[] args;
            try
            {
                args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            if (args.Length < 3 || !args[0].EndsWith("etcd", StringComparison.Ordinal)) continue;
            var at = Array.IndexOf(args, "--name");
            if (at >= 0 && at + 1 < args.Length && args[at + 1] == name) return pid;
        }
        return null;
    }
}

/// <summary>What <c>mgmt cluster status --json</c> says, read back for the tests.</summary>
internal sealed record ClusterView(int IdealSize, string? Leader, IReadOnlyList<(string Host, string Role, bool Member)> Hosts, IReadOnlyList<(string Name, bool Learner, bool? Healthy)> Members)
{
    /// <summary>Voting members that answer their health check.</summary>
    public int HealthyVoters => Members.Count(m => !m.Learner && m.Healthy == true && m.Name.Length > 0);

    /// <summary>True when the cluster has <paramref name="count"/> members, all healthy voters run by live agents, and a leader.</summary>
    public bool Settled(int count) =>
        Leader is not null && Members.Count == count && HealthyVoters == count && Members.All(m => Hosts.Any(h => h.Host == m.Name && h.Member));

    public override string ToString() =>
        $"ideal {IdealSize}, leader {Leader ?? "none"}; hosts: {string.Join(", ", Hosts.Select(h => $"{h.Host}={h.Role}"))}; members: {string.Join(", ", Members.Select(m => $"{(m.Name.Length > 0 ? m.Name : "?")}{(m.Learner ? "(learner)" : "")}{(m.Healthy == true ? "" : "(down)")}"))}";

    /// <summary>Runs <c>mgmt cluster status --json</c> against <paramref name="seeds"/>; null when it could not answer.</summary>
    public static async Task<ClusterView?> ReadAsync(IEnumerable<string> seeds)
    {
        var (code, process) = await MgmtProcess.RunAsync(["cluster", $"--seeds={string.Join(',', seeds)}", "status", "--json"], 30);
        await using var _ = process;
        if (code != 0) return null;
        using var json = System.Text.Json.JsonDocument.Parse(process.Stdout);
        var root = json.RootElement;
        return new ClusterView(
            root.GetProperty("idealSize").GetInt32(),
            root.GetProperty("leader").GetString(),
            [.. root.GetProperty("hosts").EnumerateArray().Select(h => (h.GetProperty("hostname").GetString()!, h.GetProperty("role").GetString()!, h.GetProperty("member").GetBoolean()))],
            [.. root.GetProperty("members").EnumerateArray().Select(m => (m.GetProperty("name").GetString()!, m.GetProperty("learner").GetBoolean(),
                m.GetProperty("healthy").ValueKind == System.Text.Json.JsonValueKind.Null ? (bool?)null : m.GetProperty("healthy").GetBoolean()))]);
    }

    /// <summary>Asks until the cluster view satisfies <paramref name="condition"/>; returns it and how long it took.</summary>
    public static async Task<(ClusterView View, TimeSpan Took)> WaitAsync(Func<IEnumerable<string>> seeds, Func<ClusterView, bool> condition, string what, double seconds, Func<string>? diagnostics = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        ClusterView? last = null;
        while (true)
        {
            last = await ReadAsync(seeds()) ?? last;
            if (last is not null && condition(last)) return (last, watch.Elapsed);
            if (watch.Elapsed.TotalSeconds > seconds)
            {
                Assert.Fail($"timed out after {seconds} s waiting for {what}; last seen: {last?.ToString() ?? "no answer"}{(diagnostics is null ? "" : "\n" + diagnostics())}");
            }
            await Task.Delay(300);
        }
    }
}
