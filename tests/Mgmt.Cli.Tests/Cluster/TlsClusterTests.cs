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
    [InlineData(new[] { "tls", "issue", "--ca=/nope", "--admin", "--san=10.0.0.1", "alice" }, "an administrator's (--admin) or registrar's (--registrar) certificate serves nothing")]
    [InlineData(new[] { "tls", "issue", "--ca=/nope", "--admin", "--registrar", "alice" }, "--admin and --registrar make different certificates: choose one")]
    [InlineData(new[] { "run", "--seeds=http://127.0.0.1:1", "--tls-registrar-cert=r.crt", "empty" }, "the registrar needs both --tls-registrar-cert and --tls-registrar-key: --tls-registrar-key missing")]
    [InlineData(new[] { "run", "--seeds=http://127.0.0.1:1", "--tls-no-permissions", "empty" }, "apply to a TLS cluster: add --tls-ca, --tls-cert and --tls-key")]
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
    public async Task A_new_tls_cluster_without_the_registrar_is_refused_naming_the_flags()
    {
        var ca = await InitAsync("ca");
        await IssueAsync(ca, "web1");
        await IssueAsync(ca, "alice", "--admin");
        var (exit, process) = await MgmtProcess.RunAsync(["run", "--hostname=web1", "--tmp-prefix", "--client-urls=https://127.0.0.1:1", "--server-urls=https://127.0.0.1:2", .. Flags(ca, "web1"), "empty"]);
        await using var _ = process;
        Assert.Equal(2, exit);
        Assert.Contains("a new TLS cluster sets up per-host permissions, which needs the registrar's certificate: add --tls-registrar-cert and --tls-registrar-key", process.Stderr);
        Assert.Contains("--tls-no-permissions", process.Stderr);
        Assert.DoesNotContain("   at ", process.Stderr, StringComparison.Ordinal);

        // An administrator's certificate is not a registrar's.
        var (wrong, other) = await MgmtProcess.RunAsync(["run", "--hostname=web1", "--tmp-prefix", "--client-urls=https://127.0.0.1:1", "--server-urls=https://127.0.0.1:2",
            .. Flags(ca, "web1"), "--tls-registrar-cert", Path.Combine(ca, "alice.crt"), "--tls-registrar-key", Path.Combine(ca, "alice.key"), "empty"]);
        await using var __ = other;
        Assert.Equal(2, wrong);
        Assert.Contains("--tls-registrar-cert is the certificate of \"mgmt-admin\", not a registrar's", other.Stderr);
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
        await IssueAsync(ca, "reg", "--registrar");
        var other = await InitAsync("other");
        await IssueAsync(other, "web1");
        var program = _dir.Write("main.mcl", "noop \"idle\" {}\n");
        var client = Https(ClusterHelpers.FreeMemberUrl());
        var agent = ClusterHelpers.Agent("web1", program, [$"--client-urls={client}", $"--server-urls={Https(ClusterHelpers.FreeMemberUrl())}", .. Flags(ca, "web1"), .. Registrar(ca)]);
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
        await IssueAsync(ca, "reg", "--registrar");
        var program = _dir.Write("main.mcl", "noop \"idle\" {}\n");
        var first = Https(ClusterHelpers.FreeMemberUrl());
        var second = Https(ClusterHelpers.FreeMemberUrl());
        var agents = new List<MgmtProcess>
        {
            ClusterHelpers.Agent("web1", program, [$"--client-urls={first}", $"--server-urls={Https(ClusterHelpers.FreeMemberUrl())}", "--ideal-cluster-size=2", .. Flags(ca, "web1"), .. Registrar(ca)]),
        };
        try
        {
            await agents[0].WaitForLogAsync("is running", TimeSpan.FromSeconds(60));
            agents.Add(ClusterHelpers.Agent("web2", program, [$"--seeds={first}", $"--client-urls={second}", $"--server-urls={Https(ClusterHelpers.FreeMemberUrl())}", .. Flags(ca, "web2"), .. Registrar(ca)]));
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

    [Fact]
    public async Task With_per_host_permissions_a_new_host_is_registered_by_itself_only_an_administrator_deploys_and_a_gone_host_loses_its_user()
    {
        ClusterHelpers.RequireEtcd();
        var ca = await InitAsync("ca");
        await IssueAsync(ca, "web1");
        await IssueAsync(ca, "web2");
        await IssueAsync(ca, "alice", "--admin");
        await IssueAsync(ca, "reg", "--registrar");
        var program = _dir.Write("main.mcl", "noop \"idle\" {}\n");
        var first = Https(ClusterHelpers.FreeMemberUrl());
        var agents = new List<MgmtProcess>
        {
            ClusterHelpers.Agent("web1", program, [$"--client-urls={first}", $"--server-urls={Https(ClusterHelpers.FreeMemberUrl())}", "--registrar-grace=2",
                .. Flags(ca, "web1"), .. Registrar(ca)]),
        };
        try
        {
            await agents[0].WaitForLogAsync("is running", TimeSpan.FromSeconds(60));
            Assert.Contains("per-host permissions are in force", agents[0].Stderr);
            // web2 has only its own certificate: it enrols, the registrar of web1 registers it, it runs. No manual step.
            agents.Add(ClusterHelpers.Agent("web2", program, [$"--seeds={first}", "--no-server", .. Flags(ca, "web2")]));
            await agents[1].WaitForLogAsync("is running", TimeSpan.FromSeconds(60));
            Assert.Contains("waiting for a registrar to register host web2", agents[1].Stderr);
            Assert.Contains("host web2 is registered", agents[1].Stderr);
            Assert.Contains("registrar gave host web2 its etcd user and role", agents[0].Stderr);

            var input = _dir.Write("deploy.mcl", "noop \"deployed\" {}\n");
            var refused = await DeployAsync(first, Flags(ca, "web2"), input);
            Assert.Equal(1, refused.Code);
            Assert.Contains("permission denied", refused.Err);
            Assert.Contains("only an administrator's certificate (mgmt tls issue --admin) may deploy", refused.Err);
            Assert.DoesNotContain("   at ", refused.Err, StringComparison.Ordinal);

            var stored = await DeployAsync(first, Flags(ca, "alice"), input);
            Assert.True(stored.Code == 0, stored.Err);
            Assert.Contains("deploy 1 stored", stored.Out);

            // web2 stops: after the grace period (2 s here) the registrar takes its user and role away.
            agents[1].Signal(15);
            await agents[1].WaitForExitAsync(TimeSpan.FromSeconds(30));
            await agents[0].WaitForLogAsync("registrar removed the etcd user and role of host web2", TimeSpan.FromSeconds(30));
            var gone = await DeployAsync(first, Flags(ca, "web2"), input);
            Assert.Contains("permission denied", gone.Err);
        }
        finally
        {
            await ClusterHelpers.StopAllAsync(agents);
        }
    }

    private static async Task<(int Code, string Out, string Err)> DeployAsync(string client, string[] tls, string input)
    {
        var (exit, process) = await MgmtProcess.RunAsync(["deploy", $"--seeds={client}", .. tls, "--no-git", "lang", input], timeoutSeconds: 60);
        await using var _ = process;
        return (exit, process.Stdout, process.Stderr);
    }

    private static string[] Registrar(string ca) =>
        ["--tls-registrar-cert", Path.Combine(ca, "reg.crt"), "--tls-registrar-key", Path.Combine(ca, "reg.key")];

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
