using Mgmt.Engine.Graph;
using Mgmt.Engine.Runtime;
using Resource = Mgmt.Engine.Resources.Resource;
using RuntimeEngine = Mgmt.Engine.Runtime.Engine;

namespace Mgmt.Resources.Tests.Support;

/// <summary>
/// Runs a graph of resources on the real engine (with its autogrouping and edges) in a temporary state directory;
/// disposing shuts the engine down.
/// </summary>
internal sealed class GraphRun : IAsyncDisposable
{
    private readonly TempDirectory _state = new();

    private GraphRun() => Engine = new RuntimeEngine(new EngineOptions { StateDirectory = _state.Path, Hostname = "test-host" });

    public RuntimeEngine Engine { get; }

    /// <summary>The engine's state directory (the resources' var dirs are below it).</summary>
    public string StateDirectory => _state.Path;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Commits a graph of <paramref name="resources"/> (no edges) and returns at once.</summary>
    public static async Task<GraphRun> StartAsync(params Resource[] resources)
    {
        var graph = new ResourceGraph { Name = "test" };
        foreach (var r in resources) graph.AddVertex(r);
        var run = new GraphRun();
        try
        {
            await run.Engine.CommitAsync(graph, Cancel);
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    public VertexStatus StatusOf(string kind, string name) => Engine.Status().Single(s => s.Kind == kind && s.Name == name);

    /// <summary>Waits until the vertex has run at least one check without error.</summary>
    public Task CheckedAsync(string kind, string name) =>
        EventuallyAsync(() => StatusOf(kind, name) is { Checks: > 0, LastError: null }, $"{kind}[{name}] to be checked");

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after a generous time.</summary>
    public async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                var status = string.Join("; ", Engine.Status().Select(s => $"{s.Kind}[{s.Name}] {s.State} {s.LastError}"));
                Assert.Fail($"timed out waiting for {what}; engine: {status}");
            }
            await Task.Delay(20, Cancel);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.ShutdownAsync();
        await Engine.DisposeAsync();
        _state.Dispose();
    }
}
