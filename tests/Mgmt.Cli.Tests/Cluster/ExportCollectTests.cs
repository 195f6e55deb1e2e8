using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Cluster;

/// <summary>Meta:export and collect through real agents: alone (the embedded world) and between two agents over etcd.</summary>
[Collection(nameof(ClusterCollection))]
public sealed class ExportCollectTests : IAsyncDisposable
{
    private readonly TempDir _dir = new();
    private readonly List<MgmtProcess> _agents = [];

    [Fact]
    public async Task An_agent_alone_collects_what_it_exported()
    {
        var target = _dir.File("collected");
        var program = _dir.Write("main.mcl", $$"""
            import "world/collect"

            file "{{target}}" {
                state => $const.res.file.state.exists,
                content => "from the export\n",
                Meta:export => ["*"],
                Meta:hidden => true,
            }
            collect file collect.res("file") {
                Meta:hidden => false,
            }
            """);
        var agent = Start(MgmtProcess.Start(["run", "--hostname", "solo", "--tmp-prefix", "lang", program]));
        await ClusterHelpers.WaitAsync(() => ClusterHelpers.ReadOrEmpty(target) == "from the export\n", "the collected file", 60, () => agent.Stderr);
        Assert.Contains("exported to *", agent.Stderr);
    }

    [Fact]
    public async Task A_resource_exported_for_one_host_is_applied_there_and_follows_its_changes()
    {
        ClusterHelpers.RequireEtcd();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (producer, consumer) = ($"prod-{suffix}", $"cons-{suffix}");
        var input = _dir.Write("input", "one\n");
        var target = _dir.File("motd");
        var program = _dir.Write("main.mcl", $$"""
            import "os"

            if $hostname == "{{producer}}" {
                file "{{target}}" {
                    state => $const.res.file.state.exists,
                    content => os.readfile("{{input}}"),
                    Meta:export => ["{{consumer}}"],
                    Meta:hidden => true,
                }
            }
            if $hostname == "{{consumer}}" {
                collect file "{{target}}" {
                    Meta:hidden => false,
                    mode => "0640",
                }
            }
            """);
        var client = ClusterHelpers.FreeUrl();
        var p = Start(ClusterHelpers.Agent(producer, program, $"--client-urls={client}", $"--server-urls={ClusterHelpers.FreeUrl()}"));
        await p.WaitForLogAsync("exported to", TimeSpan.FromSeconds(60));
        Assert.False(File.Exists(target), "the producer must not apply its hidden resource");
        var c = Start(ClusterHelpers.Agent(consumer, program, $"--seeds={client}", "--no-server"));

        await ClusterHelpers.WaitAsync(() => ClusterHelpers.ReadOrEmpty(target) == "one\n", "the consumer to apply the export", 60, () => p.Stderr + c.Stderr);
        // The collecting statement's own field is applied over the exported parameters.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(target));

        File.WriteAllText(input, "two\n");
        await ClusterHelpers.WaitAsync(() => ClusterHelpers.ReadOrEmpty(target) == "two\n", "the consumer to follow the change", 30, () => p.Stderr + c.Stderr);
    }

    private MgmtProcess Start(MgmtProcess agent)
    {
        _agents.Add(agent);
        return agent;
    }

    public async ValueTask DisposeAsync()
    {
        await ClusterHelpers.StopAllAsync(_agents);
        _dir.Dispose();
    }
}
