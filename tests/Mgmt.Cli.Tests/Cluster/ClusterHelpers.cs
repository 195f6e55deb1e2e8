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
