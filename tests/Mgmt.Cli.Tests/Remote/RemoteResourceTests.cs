using Mgmt.Cli.Tests.Cluster;
using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Remote;

/// <summary>
/// The remote kind with real parts: an agent (with its etcd member) whose graph has a remote resource, a private
/// sshd on loopback, and the remote agent it starts over SSH, which joins the cluster through the SSH tunnel.
/// </summary>
[Collection(nameof(ClusterCollection))]
public sealed class RemoteResourceTests : IDisposable
{
    private readonly TempDir _dir = new();

    /// <summary>The pids of the processes whose command line holds every one of <paramref name="parts"/>.</summary>
    private static List<int> ProcessesWith(params string[] parts)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid)) continue;
            string line;
            try
            {
                line = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            if (parts.All(p => line.Contains(p, StringComparison.Ordinal))) found.Add(pid);
        }
        return found;
    }

    [Fact]
    public async Task Starts_an_agent_over_ssh_that_joins_the_cluster_through_the_tunnel_and_stops_it_with_the_resource()
    {
        ClusterHelpers.RequireEtcd();
        LocalSshd.RequireSshd();
        using var sshd = await LocalSshd.StartAsync();
        var client = ClusterHelpers.FreeMemberUrl();
        var tunnel = new Uri(ClusterHelpers.FreeUrl());
        var remoteHost = $"remote-{Guid.NewGuid():N}"[..16];
        var program = _dir.Write("remote.mcl", $$"""
            remote "ssh://root@127.0.0.1:{{sshd.Port}}" {
            	hostname => "{{remoteHost}}",
            	ssh_id => "{{sshd.ClientKey}}",
            	hostkey => "{{sshd.HostKey}}",
            	seeds => "{{client}}",
            	tunnel_addr => "127.0.0.1:{{tunnel.Port}}",
            	mgmt_path => "{{MgmtProcess.Binary}}",
            	caching => false,
            }
            """);
        var local = ClusterHelpers.Agent("local-host", program, $"--client-urls={client}", $"--server-urls={ClusterHelpers.FreeMemberUrl()}");
        var stopped = false;
        try
        {
            Func<IEnumerable<string>> seeds = () => [client];
            Func<ClusterView, bool> joined = v => v.Hosts.Any(h => h.Host == remoteHost);
            Func<string> log = () => local.Stdout + local.Stderr;
            await ClusterView.WaitAsync(seeds, joined, $"{remoteHost} to join the cluster", 90, log);
            // The resource reports the start once it has seen the agent still running a second later: wait for that
            // before stopping, or the stop would cut its check short.
            await local.WaitForLogAsync("started the remote agent", TimeSpan.FromSeconds(60));
            var remotePids = ProcessesWith("--hostname", remoteHost, "--seeds", $"http://127.0.0.1:{tunnel.Port}");
            Assert.Single(remotePids);

            // The remote agent is transient: stopping the local agent stops it too (and, without caching, removes its directory).
            local.Signal(15);
            Assert.Equal(0, await local.WaitForExitAsync(TimeSpan.FromSeconds(90)));
            stopped = true;
            Assert.False(Directory.Exists($"/proc/{remotePids[0]}") && File.ReadAllText($"/proc/{remotePids[0]}/cmdline").Contains(remoteHost, StringComparison.Ordinal),
                "the remote agent still runs after its resource stopped");
        }
        finally
        {
            if (!stopped) await ClusterHelpers.StopAllAsync([local]);
            else await local.DisposeAsync();
            foreach (var pid in ProcessesWith("--hostname", remoteHost)) System.Diagnostics.Process.GetProcessById(pid).Kill();
        }
    }

    public void Dispose() => _dir.Dispose();
}
