using Mgmt.Engine.Graph;
using Mgmt.Engine.Runtime;
using Mgmt.Platform.Systemd;
using Mgmt.Resources.Tests.Support;
using RuntimeEngine = Mgmt.Engine.Runtime.Engine;

namespace Mgmt.Resources.Tests.Svc;

/// <summary>
/// svc run by the real engine against the container's systemd: drift is repaired through the watch, and a
/// notify edge from the unit file restarts the service when the file changes.
/// </summary>
[Collection(SystemdContainerCollection.Name)]
public sealed class SvcEngineTests(SystemdContainer container) : IAsyncDisposable
{
    private readonly TempDirectory _state = new();
    private readonly TestServices _services = new();
    private SystemdConnections? _connections;
    private RuntimeEngine? _engine;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private RuntimeEngine StartEngine()
    {
        _connections = new SystemdConnections(container.Settings);
        _services.Add(_connections);
        _engine = new RuntimeEngine(new EngineOptions { StateDirectory = _state.Path, Hostname = "test-host", Services = _services });
        return _engine;
    }

    private static ResourceGraph UnitAndService(string unitPath, string description, string name)
    {
        var file = new FileResource { Name = unitPath, State = "exists", Content = SystemdContainer.SleepingService(description) };
        var svc = new SvcResource { Name = name, State = "running" };
        var graph = new ResourceGraph { Name = "svc-engine-test" };
        graph.AddVertex(file);
        graph.AddVertex(svc);
        graph.Connect(file, svc, notify: true);
        return graph;
    }

    private async Task<uint> EventuallyRunningAsync(string unit, uint notPid, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var status = await container.Manager.GetUnitAsync(unit, Cancel);
            if (status.IsActive)
            {
                var pid = await container.Manager.GetMainPidAsync(unit, Cancel);
                if (pid != 0 && pid != notPid) return pid;
            }
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what}; {unit} is {status.ActiveState}/{status.SubState}");
            await Task.Delay(50, Cancel);
        }
    }

    [Fact]
    public async Task The_engine_restarts_a_stopped_service_and_restarts_it_when_its_unit_file_changes()
    {
        container.Require();
        var name = SystemdContainer.UniqueName("svc-engine");
        var unit = name + ".service";
        var unitPath = container.Root + "/etc/systemd/system/" + unit;
        var engine = StartEngine();

        await engine.CommitAsync(UnitAndService(unitPath, "first", name), Cancel);
        var first = await EventuallyRunningAsync(unit, 0, "the engine to start the service");

        // Drift: someone stops the service; its watch sees it and the engine starts it again.
        await container.Manager.StopUnitAsync(unit, Cancel);
        var second = await EventuallyRunningAsync(unit, first, "the engine to start the stopped service again");

        // A new unit file: the file resource rewrites it and notifies the svc, which restarts with it.
        await engine.CommitAsync(UnitAndService(unitPath, "second", name), Cancel);
        await EventuallyRunningAsync(unit, second, "the service to restart after its unit file changed");
        Assert.Contains("Description=second", await File.ReadAllTextAsync(unitPath, Cancel));
        Assert.False((await container.Manager.GetUnitAsync(unit, Cancel)).NeedDaemonReload);
        Assert.All(engine.Status(), s => Assert.True(s.Failures == 0, $"{s.Kind}[{s.Name}]: {s.LastError}"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.ShutdownAsync();
            await _engine.DisposeAsync();
        }
        _connections?.Dispose();
        _state.Dispose();
    }
}
