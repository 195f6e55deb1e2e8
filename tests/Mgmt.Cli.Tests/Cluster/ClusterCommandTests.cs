using System.Diagnostics;
using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Cluster;

/// <summary><c>mgmt cluster status|size</c>, and an agent that comes back after a SIGKILL and takes its own hostname over.</summary>
[Collection(nameof(ClusterCollection))]
public sealed class ClusterCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Theory]
    [InlineData(new[] { "cluster", "status" }, 2, "give the cluster with --seeds")]
    [InlineData(new[] { "cluster", "--seeds=http://127.0.0.1:1", "size", "0" }, 2, "N is \"0\"")]
    [InlineData(new[] { "cluster", "--seeds=http://127.0.0.1:1", "size", "three" }, 2, "give a whole number from 1 to 9")]
    [InlineData(new[] { "cluster", "--seeds=127.0.0.1:2379", "status" }, 2, "is not a URL")]
    public async Task Mistakes_are_usage_errors(string[] args, int code, string mentioned)
    {
        var (exit, process) = await MgmtProcess.RunAsync(args);
        await using var _ = process;
        Assert.Equal(code, exit);
        Assert.Contains(mentioned, process.Stderr);
        Assert.DoesNotContain("   at ", process.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_cluster_is_one_clear_message()
    {
        var nobody = ClusterHelpers.FreeUrl();
        var (exit, process) = await MgmtProcess.RunAsync(["cluster", $"--seeds={nobody}", "status"]);
        await using var _ = process;
        Assert.Equal(1, exit);
        Assert.Contains($"could not reach etcd at {nobody}", process.Stderr);
        Assert.DoesNotContain("   at ", process.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_shows_the_agent_and_a_restarted_agent_takes_its_own_hostname_over_at_once()
    {
        ClusterHelpers.RequireEtcd();
        var host = $"solo-{Guid.NewGuid().ToString("N")[..6]}";
        var program = _dir.Write("main.mcl", "noop \"idle\" {}\n");
        var prefix = _dir.File("prefix");
        var client = ClusterHelpers.FreeUrl();
        string[] args = ["run", "--hostname", host, "--prefix", prefix, "--session-ttl=60", "--converger-timeout=1",
            $"--client-urls={client}", $"--server-urls={ClusterHelpers.FreeUrl()}", "lang", program];
        var agent = MgmtProcess.Start(args);
        try
        {
            await agent.WaitForLogAsync("is running", TimeSpan.FromSeconds(60));
            var (view, _) = await ClusterView.WaitAsync(() => [client], v => v.Settled(1) && v.Leader == host, "the agent to lead its one-member cluster", 60);
            Assert.Equal(ClusterStatusDefaults.IdealSize, view.IdealSize);

            var table = await TableAsync(client);
            for (var tries = 0; !table.Contains("yes", StringComparison.Ordinal) && tries < 60; tries++)
            {
                await Task.Delay(500, TestContext.Current.CancellationToken);
                table = await TableAsync(client);
            }
            Assert.Contains("yes", table); // converged
            Assert.Contains($"{host} *", table);
            Assert.Contains($"member  healthy {client}", table);
            Assert.Contains($"lang {program}", table);

            // SIGKILL, then start it again at once: its claim (60 s TTL) is provably its own, so it takes it over.
            Process.GetProcessById(agent.Id).Kill();
            await agent.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await agent.DisposeAsync();
            var restarted = Stopwatch.StartNew();
            agent = MgmtProcess.Start(args);
            await agent.WaitForLogAsync("is running", TimeSpan.FromSeconds(40));
            Assert.Contains("earlier run", agent.Stderr);
            Assert.Contains("taking it over", agent.Stderr);
            Assert.True(restarted.Elapsed < TimeSpan.FromSeconds(40), $"the restart took {restarted.Elapsed} although its old claim was its own");
            await ClusterView.WaitAsync(() => [client], v => v.Settled(1) && v.Leader == host, "the restarted agent to lead again", 60);
        }
        finally
        {
            await ClusterHelpers.StopAllAsync([agent]);
        }
    }

    private static async Task<string> TableAsync(string client)
    {
        var (_, process) = await MgmtProcess.RunAsync(["cluster", $"--seeds={client}", "status"]);
        await using var _ = process;
        return process.Stdout;
    }

    public void Dispose() => _dir.Dispose();
}

/// <summary>The defaults the tests compare against.</summary>
internal static class ClusterStatusDefaults
{
    public const int IdealSize = 5;
}
