using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Cluster;

/// <summary>
/// <c>mgmt cluster remove-host</c> and <c>allow-host</c> through the real binary on a real TLS etcd with per-host
/// permissions: a running host loses its rights at once, is not registered again while removed, and is again once allowed.
/// </summary>
[Collection(nameof(ClusterCollection))]
public sealed class RemoveHostTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("remove-host", "root", "HOST is \"root\": root and mgmt-... are mgmt's own etcd users")]
    [InlineData("remove-host", "mgmt-admin", "HOST is \"mgmt-admin\"")]
    [InlineData("allow-host", "a/b", "HOST: ")]
    public async Task A_name_that_is_no_host_is_a_usage_error(string command, string host, string mentioned)
    {
        var (exit, process) = await MgmtProcess.RunAsync(["cluster", "--seeds=http://127.0.0.1:1", command, host]);
        await using var _ = process;
        Assert.Equal(2, exit);
        Assert.Contains(mentioned, process.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_removed_host_loses_its_rights_at_once_stays_out_and_comes_back_when_allowed()
    {
        ClusterHelpers.RequireEtcd();
        var ca = await InitAsync();
        foreach (var (name, kind) in new[] { ("web1", ""), ("web2", ""), ("alice", "--admin"), ("reg", "--registrar") })
        {
            await IssueAsync(ca, name, kind);
        }
        var program = _dir.Write("main.mcl", "noop \"idle\" {}\n");
        var first = Https(ClusterHelpers.FreeMemberUrl());
        var agents = new List<MgmtProcess>
        {
            ClusterHelpers.Agent("web1", program, [$"--client-urls={first}", $"--server-urls={Https(ClusterHelpers.FreeMemberUrl())}",
                .. Flags(ca, "web1"), "--tls-registrar-cert", Path.Combine(ca, "reg.crt"), "--tls-registrar-key", Path.Combine(ca, "reg.key")]),
        };
        try
        {
            await agents[0].WaitForLogAsync("is running", TimeSpan.FromSeconds(60));
            agents.Add(ClusterHelpers.Agent("web2", program, [$"--seeds={first}", "--no-server", .. Flags(ca, "web2")]));
            var web2 = agents[1];
            await web2.WaitForLogAsync("is running", TimeSpan.FromSeconds(60));

            // A host's own certificate may not remove anyone.
            var refused = await ClusterAsync(first, Flags(ca, "web2"), "remove-host", "web9");
            Assert.Equal(1, refused.Code);
            Assert.Contains("only an administrator's certificate (mgmt tls issue --admin) may remove or allow hosts", refused.Err);
            Assert.DoesNotContain("   at ", refused.Err, StringComparison.Ordinal);

            var removed = await ClusterAsync(first, Flags(ca, "alice"), "remove-host", "web2");
            Assert.True(removed.Code == 0, removed.Err);
            Assert.Contains("host web2 removed: its etcd user and role deleted", removed.Out);
            Assert.Contains("it ran no etcd member", removed.Out);

            // Its certificate is refused at once (no grace period), and the registrar does not give the user back.
            var status = await ClusterAsync(first, Flags(ca, "web2"), "status");
            Assert.NotEqual(0, status.Code);
            Assert.Contains("permission denied", status.Err);
            var listed = await ClusterAsync(first, Flags(ca, "alice"), "status");
            Assert.DoesNotContain("web2", listed.Out, StringComparison.Ordinal);

            // Restarted, it enrols again, and the registrar refuses it while it is removed.
            web2.Signal(15);
            Assert.Equal(0, await web2.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            // Its own temporary directory: a waiting agent stopped by SIGTERM must leave nothing in it (its --tmp-prefix included).
            var tmp = Directory.CreateDirectory(_dir.File("tmp")).FullName;
            var waiting = MgmtProcess.Start(["run", "--hostname", "web2", "--tmp-prefix", $"--seeds={first}", "--no-server", .. Flags(ca, "web2"), "lang", program],
                new Dictionary<string, string> { ["TMPDIR"] = tmp });
            agents.Add(waiting);
            await waiting.WaitForLogAsync("waiting for a registrar to register host web2", TimeSpan.FromSeconds(60));
            await agents[0].WaitForLogAsync("an administrator removed it", TimeSpan.FromSeconds(30));
            Assert.Contains("'mgmt cluster allow-host web2' lets it enrol again", agents[0].Stderr);
            waiting.Signal(15);
            var stopped = await waiting.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.True(stopped == 0, $"exit code {stopped}:\n{waiting.Stderr}");
            Assert.Contains("stopped by a signal while starting", waiting.Stderr);
            Assert.Empty(Directory.EnumerateFileSystemEntries(tmp));
            Assert.DoesNotContain("   at ", waiting.Stderr, StringComparison.Ordinal);

            agents.Add(ClusterHelpers.Agent("web2", program, [$"--seeds={first}", "--no-server", .. Flags(ca, "web2")]));
            var back = agents[3];
            await back.WaitForLogAsync("waiting for a registrar to register host web2", TimeSpan.FromSeconds(60));

            var allowed = await ClusterAsync(first, Flags(ca, "alice"), "allow-host", "web2");
            Assert.True(allowed.Code == 0, allowed.Err);
            Assert.Contains("host web2 may enrol again", allowed.Out);
            await back.WaitForLogAsync("is running", TimeSpan.FromSeconds(60));
            Assert.Equal(2, CountOf(agents[0].Stderr, "registrar gave host web2 its etcd user and role"));
            var again = await ClusterAsync(first, Flags(ca, "alice"), "allow-host", "web2");
            Assert.Contains("host web2 was not removed", again.Out);

            // The host of the only etcd member is not removed: that would end the cluster.
            var last = await ClusterAsync(first, Flags(ca, "alice"), "remove-host", "web1");
            Assert.Equal(1, last.Code);
            Assert.Contains("host web1 runs the only etcd member of the cluster", last.Err);
            Assert.Contains("nothing was changed", last.Err);
            Assert.Contains("web1", (await ClusterAsync(first, Flags(ca, "web1"), "status")).Out);
        }
        finally
        {
            await ClusterHelpers.StopAllAsync(agents);
        }
    }

    private static async Task<(int Code, string Out, string Err)> ClusterAsync(string client, string[] tls, params string[] command)
    {
        var (exit, process) = await MgmtProcess.RunAsync(["cluster", $"--seeds={client}", .. tls, .. command], timeoutSeconds: 40);
        await using var _ = process;
        return (exit, process.Stdout, process.Stderr);
    }

    private static int CountOf(string text, string part) => text.Split(part).Length - 1;

    private static string Https(string url) => url.Replace("http://", "https://", StringComparison.Ordinal);

    private static string[] Flags(string ca, string name) =>
        ["--tls-ca", Path.Combine(ca, "ca.crt"), "--tls-cert", Path.Combine(ca, name + ".crt"), "--tls-key", Path.Combine(ca, name + ".key")];

    private async Task<string> InitAsync()
    {
        var dir = _dir.File("ca");
        var (exit, process) = await MgmtProcess.RunAsync(["tls", "init", dir]);
        await using var _ = process;
        Assert.True(exit == 0, process.Stderr);
        return dir;
    }

    private static async Task IssueAsync(string ca, string name, string kind)
    {
        var (exit, process) = await MgmtProcess.RunAsync(["tls", "issue", "--ca", ca, .. (kind.Length > 0 ? new[] { kind } : []), name]);
        await using var _ = process;
        Assert.True(exit == 0, process.Stderr);
    }
}
