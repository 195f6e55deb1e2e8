using System.Text.Json;
using Mgmt.Cli.Tests.Cluster;
using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Observability;

/// <summary>
/// The hosts page's data in a real cluster: the agent that runs the etcd member is shown as a member and, once its
/// resources are idle, as converged; with no deploy it has no deploy id (the page says "not known" there). The
/// metrics count the same member.
/// </summary>
[Collection(nameof(ClusterCollection))]
public sealed class HostsApiTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public async Task A_member_agent_is_listed_as_member_and_converged()
    {
        ClusterHelpers.RequireEtcd();
        var host = $"hosts-{Guid.NewGuid().ToString("N")[..6]}";
        var program = _dir.Write("main.mcl", "noop \"idle\" {}\n");
        await using var agent = MgmtProcess.Start(["run", "--hostname", host, "--tmp-prefix", "--converger-timeout=1",
            $"--client-urls={ClusterHelpers.FreeUrl()}", $"--server-urls={ClusterHelpers.FreeUrl()}",
            "--ui", "127.0.0.1:0", "--prometheus-listen", "127.0.0.1:0", "lang", program]);
        await agent.WaitForLogAsync("serving the live view at", TimeSpan.FromSeconds(60));
        var url = Scrape.UrlFrom(agent.Stderr, "serving the live view") + "/api/hosts";

        using var client = new HttpClient();
        var cancel = TestContext.Current.CancellationToken;
        JsonElement data = default, row = default;
        for (var deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(200, cancel))
        {
            using (var doc = JsonDocument.Parse(await client.GetStringAsync(url, cancel))) data = doc.RootElement.Clone();
            row = data.GetProperty("hosts").EnumerateArray().FirstOrDefault(h => h.GetProperty("hostname").GetString() == host);
            if (row.ValueKind == JsonValueKind.Object
                && row.TryGetProperty("member", out var m) && m.GetBoolean()
                && row.TryGetProperty("converged", out var c) && c.GetBoolean()) break;
            if (DateTime.UtcNow > deadline) Assert.Fail($"the hosts page never showed {host} as a converged member: {data}");
        }

        Assert.True(data.GetProperty("membersKnown").GetBoolean());
        Assert.False(row.TryGetProperty("deploy", out _), "a program of the command line is no deploy");

        var metrics = await Scrape.FromAsync(client, Scrape.UrlFrom(agent.Stderr, "serving Prometheus metrics"));
        Assert.Equal(1, metrics["mgmt_world_members"]);
    }

    public void Dispose() => _dir.Dispose();
}
