using Mgmt.Engine.Graph;
using Mgmt.Engine.Runtime;
using Mgmt.Platform.Firewall;
using Mgmt.Platform.Systemd;
using Mgmt.Resources.Tests.Support;
using Mgmt.Resources.Tests.Svc;
using RuntimeEngine = Mgmt.Engine.Runtime.Engine;

namespace Mgmt.Resources.Tests.Firewalld;

/// <summary>
/// firewalld run by the real engine after the svc that starts firewalld (an automatic edge): the engine starts the
/// daemon, opens the port, and opens it again after someone closes it.
/// </summary>
[Collection(SystemdContainerCollection.Name)]
public sealed class FirewalldEngineTests(SystemdContainer container) : IAsyncDisposable
{
    private readonly TempDirectory _state = new();
    private readonly TestServices _services = new();
    private SystemdConnections? _connections;
    private RuntimeEngine? _engine;
    private FirewalldClient? _client;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task EventuallyOpenAsync(FirewallPort port, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                _client ??= await FirewalldClient.ConnectAsync(container.Settings.AddressOf(SystemdScope.System), Cancel);
                if ((await _client.GetPortsAsync("public", permanent: false, Cancel)).Contains(port)) return;
            }
            catch (FirewalldUnavailableException)
            {
                // firewalld is not up yet.
            }
            if (DateTime.UtcNow > deadline) Assert.Fail("timed out waiting for " + what);
            await Task.Delay(50, Cancel);
        }
    }

    [Fact]
    public async Task The_engine_starts_firewalld_first_then_keeps_the_port_open()
    {
        container.Require();
        // From a stopped firewalld: the svc resource must run before the firewalld resource can succeed.
        await container.Manager.StopUnitAsync("firewalld.service", Cancel);
        var port = new FirewallPort(Random.Shared.Next(40001, 50000).ToString(System.Globalization.CultureInfo.InvariantCulture), "tcp");
        _connections = new SystemdConnections(container.Settings);
        _services.Add(_connections);
        _engine = new RuntimeEngine(new EngineOptions { StateDirectory = _state.Path, Hostname = "test-host", Services = _services });
        var graph = new ResourceGraph { Name = "firewalld-engine-test" };
        graph.AddVertex(new FirewalldResource { Name = "web", Zone = "public", Ports = [port.ToString()] });
        graph.AddVertex(new SvcResource { Name = "firewalld", State = "running" });

        await _engine.CommitAsync(graph, Cancel);
        await EventuallyOpenAsync(port, "the engine to start firewalld and open the port");

        await _client!.RemovePortAsync("public", port, permanent: false, Cancel);
        await EventuallyOpenAsync(port, "the engine to open the closed port again");
        Assert.All(_engine.Status(), s => Assert.True(s.Failures == 0, $"{s.Kind}[{s.Name}]: {s.LastError}"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.ShutdownAsync();
            await _engine.DisposeAsync();
        }
        _client?.Dispose();
        _connections?.Dispose();
        _state.Dispose();
    }
}
