using Mgmt.Platform.Systemd;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Svc;

/// <summary>Shared plumbing of the tests that drive svc and cron against the container's systemd.</summary>
public abstract class SystemdTestBase(SystemdContainer container) : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _harnesses = [];
    private readonly List<SystemdConnections> _connections = [];

    protected SystemdContainer Container { get; } = container;

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A context whose services point the resource at the container's systemd.</summary>
    protected TestResourceContext ContainerContext(SystemdSettings? settings = null)
    {
        var context = new TestResourceContext();
        var connections = new SystemdConnections(settings ?? Container.Settings);
        _connections.Add(connections);
        context.ServiceMap.Add(connections);
        return context;
    }

    /// <summary>Starts <paramref name="resource"/> against the container (disposed with the test).</summary>
    protected async Task<ResourceHarness<T>> StartAsync<T>(T resource, bool watch = true, SystemdSettings? settings = null) where T : Engine.Resources.Resource
    {
        var harness = await ResourceHarness<T>.StartAsync(resource, ContainerContext(settings), watch);
        _harnesses.Add(harness);
        return harness;
    }

    /// <summary>Waits for <paramref name="condition"/> to hold; fails the test after a generous limit.</summary>
    protected static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out after {seconds} s waiting for: {what}");
            await Task.Delay(50, Cancel);
        }
    }

    protected Task<UnitStatus> StatusAsync(string unit) => Container.Manager.GetUnitAsync(unit, Cancel);

    public async ValueTask DisposeAsync()
    {
        foreach (var h in _harnesses) await h.DisposeAsync();
        foreach (var c in _connections) c.Dispose();
        GC.SuppressFinalize(this);
    }
}
