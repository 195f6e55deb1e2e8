using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Cluster;

/// <summary>
/// <c>mgmt tls</c> and the <c>--tls-*</c> flags through the real binary: a CA and certificates made by mgmt, an
/// agent whose etcd member demands client certificates, and clients let in only with a certificate of that CA.
/// </summary>
[Collection(nameof(ClusterCollection))]
public sealed class TlsClusterTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(new[] { "run", "--seeds=https://127.0.0.1:1", "empty" }, "--seeds: \"https://127.0.0.1:1\" is an https URL but no TLS material was given")]
    [InlineData(new[] { "run", "--client-urls=https://127.0.0.1:1", "empty" }, "--client-urls: \"https://127.0.0.1:1\" is an https URL but no TLS material")]
    [InlineData(new[] { "cluster", "--seeds=https://127.0.0.1:1", "status" }, "no TLS material was given: add --tls-ca, --tls-cert and --tls-key")]
    [InlineData(new[] { "cluster", "--seeds=https://127.0.0.1:1", "--tls-ca=ca.crt", "status" }, "TLS needs all three of --tls-ca, --tls-cert and --tls-key: --tls-cert, --tls-key missing")]
    [InlineData(new[] { "run", "--seeds=https://127.0.0.1:1", "--tls-ca=/nope/ca.crt", "--tls-cert=/nope/h.crt", "--tls-key=/nope/h.key", "empty" }, "--tls-ca: /nope/ca.crt does not exist")]
    [InlineData(new[] { "tls", "issue", "web1" }, "--ca DIR is needed")]
    [InlineData(new[] { "tls", "issue", "--ca=/nope", "--admin", "--san=10.0.0.1", "alice" }, "an administrator's certificate (--admin) serves nothing")]
    public async Task Mistakes_are_usage_errors_that_name_the_flag(string[] args, string mentioned)
    {
        var (exit, process) = await MgmtProcess.RunAsync(args);
        await using var _ = process;
        Assert.Equal(2, exit);
        Assert.Contains(mentioned, process.Stderr);
        Assert.DoesNotContain("   at ", process.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_material_with_a_plain_http_url_is_refused_not_downgraded()
    {
        var ca = await InitAsync("ca");
        await IssueAsync(ca, "web1");
        var (exit, process) = await MgmtProcess.RunAsync(["run", "--seeds=http://127.0.0.1:1", .. Flags(ca, "web1"), "empty"]);
        await using var _ = process;
        Assert.Equal(2, exit);
        Assert.Contains("--seeds: \"http://127.0.0.1:1\" is plain http but --tls-ca/--tls-cert/--tls-key were given", process.Stderr);
    }

    [Fact]
    public async Task An_agent_must_run_under_the_name_of_its_certificate()
    {
        var ca = await InitAsync("ca");
        await IssueAsync(ca, "web1");
        var (exit, process) = await MgmtProcess.RunAsync(["run", "--hostname=web2", "--tmp-prefix", "--seeds=https://127.0.0.1:1", .. Flags(ca, "web1"), "empty"]);
        await using var _ = process;
        Assert.Equal(2, exit);
        Assert.Contains("--tls-cert is the certificate of \"web1\" but this agent is \"web2\"", process.Stderr);
        Assert.DoesNotContain("   at ", process.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_with_tls_serves_only_clients_with_a_certificate_of_its_ca()
    {
        ClusterHelpers.RequireEtcd();
        var ca = await InitAsync("ca");
        await IssueAsync(ca, "web1");
        await IssueAsync(ca, "alice", "--admin");
        var other = await InitAsync("other");
        await IssueAsync(other, "web1");
        var program = _dir.Write("main.mcl", "noop \"idle\" {}\n");
        var client = Https(ClusterHelpers.FreeMemberUrl());
        var agent = ClusterHelpers.Agent("web1", program, [$"--client-urls={client}", $"--server-urls={Https(ClusterHelpers.FreeMemberUrl())}", .. Flags(ca, "web1")]);
        try
        {
            await agent.WaitForLogAsync("is running", TimeSpan.FromSeconds(60));

            var table = await StatusAsync(client, Flags(ca, "alice"));
            Assert.Equal(0, table.Code);
            Assert.Contains("web1", table.Out);
            Assert.Contains($"member  healthy {client}", table.Out);

            var intruder = await StatusAsync(client, Flags(other, "web1"));
            Assert.NotEqual(0, intruder.Code);
            Assert.Contains("etcd's certificate was refused", intruder.Err); // its CA did not sign our member's certificate

            // A certificate of another CA with ours as --tls-ca: refused before anything is sent.
            var forged = await StatusAsync(client, ["--tls-ca", Path.Combine(ca, "ca.crt"), "--tls-cert", Path.Combine(other, "web1.crt"), "--tls-key", Path.Combine(other, "web1.key")]);
            Assert.Equal(2, forged.Code);
            Assert.Contains("--tls-cert", forged.Err);
            Assert.Contains("is not usable with the CA of --tls-ca", forged.Err);

            var plain = await StatusAsync(client, []);
            Assert.Equal(2, plain.Code);
            Assert.Contains("no TLS material", plain.Err);
        }
        finally
        {
            await ClusterHelpers.StopAllAsync([agent]);
        }
    }

    [Fact]
    public async Task A_second_host_joins_over_tls_and_its_member_is_a_tls_peer()
    {
        ClusterHelpers.RequireEtcd();
        var ca = await InitAsync("ca");
        await IssueAsync(ca, "web1");
        await IssueAsync(ca, "web2");
        await IssueAsync(ca, "alice", "--admin");
        var program = _dir.Write("main.mcl", "noop \"idle\" {}\n");
        var first = Https(ClusterHelpers.FreeMemberUrl());
        var second = Https(ClusterHelpers.FreeMemberUrl());
        var agents = new List<MgmtProcess>
        {
            ClusterHelpers.Agent("web1", program, [$"--client-urls={first}", $"--server-urls={Https(ClusterHelpers.FreeMemberUrl())}", "--ideal-cluster-size=2", .. Flags(ca, "web1")]),
        };
        try
        {
            await agents[0].WaitForLogAsync("is running", TimeSpan.FromSeconds(60));
            agents.Add(ClusterHelpers.Agent("web2", program, [$"--seeds={first}", $"--client-urls={second}", $"--server-urls={Https(ClusterHelpers.FreeMemberUrl())}", .. Flags(ca, "web2")]));
            var table = "";
            await ClusterHelpers.WaitAsync(() =>
            {
                table = StatusAsync(first, Flags(ca, "alice")).GetAwaiter().GetResult().Out;
                return table.Contains($"member  healthy {first}", StringComparison.Ordinal) && table.Contains($"member  healthy {second}", StringComparison.Ordinal);
            }, "web2 nominated and running a healthy member over TLS", 90, () => table + agents[1].Stderr);
        }
        finally
        {
            await ClusterHelpers.StopAllAsync(agents);
        }
    }

    private static string Https(string url) => url.Replace("http://", "https://", StringComparison.Ordinal);

    private static string[] Flags(string ca, string name) =>
        ["--tls-ca", Path.Combine(ca, "ca.crt"), "--tls-cert", Path.Combine(ca, name + ".crt"), "--tls-key", Path.Combine(ca, name + ".key")];

    private async Task<string> InitAsync(string name)
    {
        var dir = _dir.File(name);
        var (exit, process) = await MgmtProcess.RunAsync(["tls", "init", dir]);
        await using var _ = process;
        Assert.True(exit == 0, process.Stderr);
        return dir;
    }

    private static async Task IssueAsync(string ca, string name, params string[] flags)
    {
        var (exit, process) = await MgmtProcess.RunAsync(["tls", "issue", "--ca", ca, .. flags, name]);
        await using var _ = process;
        Assert.True(exit == 0, process.Stderr);
    }

    private static async Task<(int Code, string Out, string Err)> StatusAsync(string client, string[] tls)
    {
        var (exit, process) = await MgmtProcess.RunAsync(["cluster", $"--seeds={client}", .. tls, "status"], timeoutSeconds: 40);
        await using var _ = process;
        return (exit, process.Stdout, process.Stderr);
    }
}
