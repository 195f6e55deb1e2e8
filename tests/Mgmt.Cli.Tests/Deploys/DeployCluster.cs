using Mgmt.Cli.Tests.Cluster;
using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Deploys;

/// <summary>
/// A real etcd on loopback, agents that follow deploys (<c>mgmt run empty</c> as clients of it), keys made by gpg,
/// and <c>mgmt deploy</c> run as a process: the parts of every deploy test.
/// </summary>
internal sealed class DeployCluster : IAsyncDisposable
{
    private readonly List<MgmtProcess> _agents = [];
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..6];

    private DeployCluster(TempDir dir, StandaloneEtcd etcd, GpgHome gpg)
    {
        Dir = dir;
        Etcd = etcd;
        Gpg = gpg;
    }

    public TempDir Dir { get; }

    public StandaloneEtcd Etcd { get; }

    public GpgHome Gpg { get; }

    /// <summary>The armored public key of the trusted signer (what every agent gets with --trust).</summary>
    public string TrustedPublic => Dir.File("trusted.asc");

    /// <summary>The trusted signer's armored secret key file (what --sign takes).</summary>
    public string TrustedSecret => Dir.File("trusted-secret.asc");

    /// <summary>A key that signs well but that no agent trusts.</summary>
    public string OtherSecret => Dir.File("other-secret.asc");

    public IReadOnlyList<string> Hosts => [.. _agents.Select((_, i) => HostName(i))];

    public IReadOnlyList<MgmtProcess> Agents => _agents;

    public string HostName(int index) => $"d{index}-{_suffix}";

    public static async Task<DeployCluster> StartAsync(int agents)
    {
        ClusterHelpers.RequireEtcd();
        GpgHome.RequireGpg();
        var dir = new TempDir();
        var etcd = new StandaloneEtcd(dir.File("etcd"));
        var cluster = new DeployCluster(dir, etcd, new GpgHome());
        await etcd.StartAsync();
        cluster.Gpg.CreateKey("admin@example.invalid");
        cluster.Gpg.CreateKey("other@example.invalid", "rsa3072");
        cluster.Gpg.ExportPublic("admin@example.invalid", cluster.TrustedPublic);
        cluster.Gpg.ExportSecret("admin@example.invalid", cluster.TrustedSecret);
        cluster.Gpg.ExportSecret("other@example.invalid", cluster.OtherSecret);
        for (var i = 0; i < agents; i++) cluster.StartAgent();
        foreach (var agent in cluster._agents) await agent.WaitForLogAsync("graph empty is running", TimeSpan.FromSeconds(90));
        return cluster;
    }

    /// <summary>Starts one more agent that follows the deploys with the trusted key.</summary>
    public MgmtProcess StartAgent(params string[] flags)
    {
        var agent = MgmtProcess.Start(["run", "--hostname", HostName(_agents.Count), "--tmp-prefix", $"--seeds={Etcd.ClientUrl}", "--no-server",
            $"--trust={TrustedPublic}", .. flags, "empty"]);
        _agents.Add(agent);
        return agent;
    }

    /// <summary>Runs <c>mgmt deploy --seeds ... ARGS</c> with the test's gpg home.</summary>
    public async Task<(int Code, string Out, string Err)> DeployAsync(params string[] args)
    {
        var (code, process) = await MgmtProcess.RunAsync(["deploy", $"--seeds={Etcd.ClientUrl}", .. args], 120, Gpg.Environment);
        await using var _ = process;
        return (code, process.Stdout, process.Stderr);
    }

    /// <summary>An mcl program that writes <paramref name="content"/> to each host's own file in the test directory.</summary>
    public string Program(string name, string content) => Dir.Write(name, $$"""
        file "{{Dir.Path}}/out-${hostname}" {
            state => $const.res.file.state.exists,
            content => "{{content}}\n",
        }
        """);

    public string OutputOf(int index) => ClusterHelpers.ReadOrEmpty(Dir.File($"out-{HostName(index)}"));

    public string Logs => string.Join("\n----\n", _agents.Select(a => a.Stderr));

    /// <summary>Waits until every agent's file holds <paramref name="content"/>.</summary>
    public Task WaitAllAsync(string content, string what) =>
        ClusterHelpers.WaitAsync(() => Enumerable.Range(0, _agents.Count).All(i => OutputOf(i) == content + "\n"), what, 60, () => Logs);

    public async ValueTask DisposeAsync()
    {
        await ClusterHelpers.StopAllAsync(_agents);
        await Etcd.DisposeAsync();
        Gpg.Dispose();
        Dir.Dispose();
    }
}
