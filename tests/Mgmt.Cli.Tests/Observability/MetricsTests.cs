using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Observability;

/// <summary>
/// <c>--prometheus</c> on the real binary: every metric the operations guide lists moves when the agent works,
/// seen by scraping before and after a repair.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class MetricsTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

    [Fact]
    public async Task Every_metric_moves_when_a_file_is_repaired()
    {
        var target = _dir.File("managed.txt");
        var program = _dir.Write("p.mcl", $$"""
            $text = "managed by mgmt\n"
            file "{{target}}" {
            	state => "exists",
            	content => $text,
            }
            kv "metrics-test" {
            	key => "metrics-test",
            	value => "v1",
            }
            """);
        await using var p = MgmtProcess.Start(["run", "--tmp-prefix", "--converger-timeout=1", "--prometheus-listen", "127.0.0.1:0", "lang", program]);
        await p.WaitForLogAsync("serving Prometheus metrics at");
        var url = Scrape.UrlFrom(p.Stderr, "serving Prometheus metrics");
        var file = $"kind=\"file\",name=\"{target}\"";

        var before = await EventuallyAsync(url, s => s["mgmt_converged"] == 1, "the first convergence");
        Assert.Equal(1, before["mgmt_changes_total", file]);
        Assert.True(before["mgmt_checkapply_total", file] >= 1);
        Assert.True(before["mgmt_checkapply_duration_seconds_count", file] >= 1);
        Assert.Equal(1, before["mgmt_graph_swaps_total"]);
        Assert.Equal(2, before["mgmt_graph_vertices"]);
        Assert.True(before["mgmt_last_change_time_seconds"] > 0);
        Assert.True(before["mgmt_graph_start_time_seconds"] > 0);
        Assert.True(before["mgmt_function_graph_nodes"] > 0);
        Assert.True(before["mgmt_function_values_total"] > 0);
        Assert.True(before["mgmt_world_call_duration_seconds_count", "operation=\"claim\""] >= 1);
        Assert.True(before["mgmt_world_call_duration_seconds_count", "operation=\"set\""] >= 1);

        // Drift: the file disappears; the watch fires, the check repairs it, and the converger leaves and comes back.
        File.Delete(target);
        var after = await EventuallyAsync(url, s => s["mgmt_changes_total", file] == 2 && s["mgmt_converged"] == 1, "the repair and convergence");
        Assert.True(File.Exists(target));
        Assert.True(after["mgmt_checkapply_total", file] > before["mgmt_checkapply_total", file]);
        Assert.True(after["mgmt_watch_events_total", file] > before["mgmt_watch_events_total", file]);
        Assert.True(after["mgmt_checkapply_duration_seconds_count", file] > before["mgmt_checkapply_duration_seconds_count", file]);
        Assert.True(after["mgmt_last_change_time_seconds"] >= before["mgmt_last_change_time_seconds"]);
        Assert.Equal(0, after["mgmt_failures_total", file]);
        Assert.Contains("mgmt_world_members", after.Text, StringComparison.Ordinal);
        Assert.Contains("mgmt_deploy_id", after.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_resource_counts_failures()
    {
        var program = _dir.Write("fail.yaml", $"""
            graph: failing
            resources:
              file:
                - {"{"}name: {_dir.File("no-such-dir/x")}, state: exists, content: "x"{"}"}
            """);
        await using var p = MgmtProcess.Start(["run", "--tmp-prefix", "--prometheus-listen", "127.0.0.1:0", "yaml", program]);
        await p.WaitForLogAsync("serving Prometheus metrics at");
        var url = Scrape.UrlFrom(p.Stderr, "serving Prometheus metrics");
        await EventuallyAsync(url, s => s["mgmt_failures_total", $"kind=\"file\",name=\"{_dir.File("no-such-dir/x")}\""] >= 1, "a failure to be counted");
    }

    [Fact]
    public async Task The_metrics_port_in_use_is_a_clear_error_before_anything_is_applied()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var (code, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=0", "--prometheus-listen", $"127.0.0.1:{port}", "empty"]);
        await using var _ = p;
        Assert.Equal(2, code);
        Assert.Contains($"cannot listen on 127.0.0.1:{port}: the port is already in use", p.Stderr, StringComparison.Ordinal);
    }

    private async Task<Scrape> EventuallyAsync(string url, Func<Scrape, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var scrape = await Scrape.FromAsync(_http, url);
            if (condition(scrape)) return scrape;
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what}; metrics:\n{scrape.Text}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }
}
