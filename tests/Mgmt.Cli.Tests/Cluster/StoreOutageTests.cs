using System.Diagnostics;
using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Cluster;

/// <summary>
/// An agent whose etcd goes away while it runs: it keeps enforcing its graph, says in its log that the store is
/// unreachable, and when the store comes back it writes what it could not write and follows what others wrote.
/// </summary>
[Collection(nameof(ClusterCollection))]
public sealed class StoreOutageTests : IAsyncDisposable
{
    private const string Root = "/mgmt/default/strings/";
    private readonly TempDir _dir = new();
    private StandaloneEtcd? _etcd;
    private MgmtProcess? _agent;

    /// <summary>A file that needs no store; a kv fed from a local file; a file fed from a shared value.</summary>
    private string Program() => _dir.Write("main.mcl", $$"""
        import "os"
        import "world"

        $dir = "{{_dir.Path}}/"
        file "${dir}enforced" {
            state => $const.res.file.state.exists,
            content => "kept\n",
        }
        kv "outage-out" { value => os.readfile("${dir}input"), }
        $seen = world.getval("outage-in")
        file "${dir}seen" {
            state => $const.res.file.state.exists,
            content => $seen->value,
        }
        """);

    [Fact]
    public async Task The_agent_keeps_enforcing_while_etcd_is_down_and_catches_up_when_it_returns()
    {
        ClusterHelpers.RequireEtcd();
        _etcd = new StandaloneEtcd(_dir.File("etcd"));
        await _etcd.StartAsync();
        File.WriteAllText(_dir.File("input"), "before");
        _agent = ClusterHelpers.Agent("outage", Program(), $"--seeds={_etcd.ClientUrl}", "--no-server");
        await WaitForStoreAsync("outage-out", "before");
        await WaitForFileAsync("enforced", "kept\n");

        await _etcd.StopAsync();
        var down = Stopwatch.StartNew();
        await _agent.WaitForLogAsync("the store is unreachable", TimeSpan.FromSeconds(60));

        // The graph is still enforced: a file that needs no store is repaired.
        File.Delete(_dir.File("enforced"));
        await WaitForFileAsync("enforced", "kept\n");
        // A new value for the store waits for it (and says so), without holding up the rest of the graph.
        File.WriteAllText(_dir.File("input"), "during");
        await _agent.WaitForLogAsync("Waiting for the store", TimeSpan.FromSeconds(60));
        File.Delete(_dir.File("enforced"));
        await WaitForFileAsync("enforced", "kept\n");
        Console.WriteLine($"[store outage] the graph was enforced for {down.ElapsedMilliseconds} ms without the store");

        await _etcd.StartAsync();
        var back = Stopwatch.StartNew();
        await WaitForStoreAsync("outage-out", "during");
        Console.WriteLine($"[store outage] the pending kv write landed {back.ElapsedMilliseconds} ms after etcd returned");
        await _etcd.PutAsync(Root + "outage-in", "after");
        await WaitForFileAsync("seen", "after");
        await _agent.WaitForLogAsync("the store is reachable again", TimeSpan.FromSeconds(60));

        Assert.False(_agent.HasExited, _agent.Stderr);
        _agent.Signal(15);
        Assert.Equal(0, await _agent.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    private Task WaitForFileAsync(string name, string content) =>
        ClusterHelpers.WaitAsync(() => ClusterHelpers.ReadOrEmpty(_dir.File(name)) == content, $"{name} to hold \"{content.Trim()}\"", 60,
            () => _agent!.Stderr);

    private async Task WaitForStoreAsync(string key, string value)
    {
        var waited = Stopwatch.StartNew();
        while (await _etcd!.GetAsync(Root + key) != value)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(60)) Assert.Fail($"timed out waiting for {key} = {value} in etcd\n{_agent!.Stderr}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_agent is not null)
        {
            if (!_agent.HasExited) _agent.Signal(15);
            try
            {
                await _agent.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }
            catch (Xunit.Sdk.XunitException)
            {
            }
            await _agent.DisposeAsync();
        }
        if (_etcd is not null) await _etcd.DisposeAsync();
        _dir.Dispose();
    }
}
