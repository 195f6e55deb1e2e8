using Mgmt.Engine.Graph;
using Mgmt.Engine.Runtime;
using Mgmt.Platform.Systemd;
using Mgmt.Resources.Tests.Support;
using Mgmt.Resources.Tests.Svc;
using RuntimeEngine = Mgmt.Engine.Runtime.Engine;

namespace Mgmt.Resources.Tests.Nspawn;

/// <summary>nspawn run by the real engine against the container's machined: a machine stopped behind its back boots again.</summary>
[Collection(SystemdContainerCollection.Name)]
public sealed class NspawnEngineTests(SystemdContainer container) : IAsyncDisposable
{
    private readonly TempDirectory _state = new();
    private readonly TestServices _services = new();
    private SystemdConnections? _connections;
    private RuntimeEngine? _engine;
    private string? _machine;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task EventuallyAsync(Func<string?, bool> state, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!state(await container.Manager.GetMachineStateAsync(_machine!, Cancel)))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("timed out waiting for " + what);
            await Task.Delay(50, Cancel);
        }
    }

    [Fact]
    public async Task The_engine_boots_the_machine_and_boots_it_again_after_someone_stops_it()
    {
        container.Require();
        _machine = SystemdContainer.UniqueName("engine");
        await TinyMachineImage.WriteAsync(container, _machine, Cancel);
        _connections = new SystemdConnections(container.Settings);
        _services.Add(_connections);
        _engine = new RuntimeEngine(new EngineOptions { StateDirectory = _state.Path, Hostname = "test-host", Services = _services });
        var graph = new ResourceGraph { Name = "nspawn-engine-test" };
        graph.AddVertex(new NspawnResource { Name = _machine, State = "running" });

        await _engine.CommitAsync(graph, Cancel);
        await EventuallyAsync(s => s == "running", "the engine to boot the machine");
        await TinyMachineImage.WaitUntilBootedAsync(container, _machine, Cancel);

        // Drift: the machine is stopped as machinectl stop would; the watch sees it go and the engine boots it again.
        await container.Manager.StopUnitAsync($"systemd-nspawn@{_machine}.service", Cancel);
        await TinyMachineImage.WaitUntilBootedAsync(container, _machine, Cancel);
        Assert.Equal("running", await container.Manager.GetMachineStateAsync(_machine, Cancel));
        Assert.All(_engine.Status(), s => Assert.True(s.Failures == 0, $"{s.Kind}[{s.Name}]: {s.LastError}"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.ShutdownAsync();
            await _engine.DisposeAsync();
        }
        if (_machine is not null && container.Unavailable is null)
        {
            await container.Manager.StopUnitAsync($"systemd-nspawn@{_machine}.service", CancellationToken.None);
        }
        _connections?.Dispose();
        _state.Dispose();
    }
}
