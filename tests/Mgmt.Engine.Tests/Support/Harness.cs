using System.Collections.Concurrent;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;

namespace Mgmt.Engine.Tests.Support;

/// <summary>
/// One engine over a temporary state directory, with a journal for its test resources and a record of its
/// events. Disposing shuts the engine down and deletes the directory.
/// </summary>
public sealed class Harness : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly ConcurrentQueue<ResourceEvent> _events = new();

    public Harness(Func<EngineOptions, EngineOptions>? configure = null)
    {
        Root = Directory.CreateTempSubdirectory("mgmt-engine-test-").FullName;
        var options = new EngineOptions { StateDirectory = Path.Combine(Root, "state"), Hostname = "test-host" };
        Options = configure?.Invoke(options) ?? options;
        Engine = new RuntimeEngine(Options);
        Engine.ResourceEvent += _events.Enqueue;
    }

    public string Root { get; }

    public EngineOptions Options { get; }

    public RuntimeEngine Engine { get; }

    public Journal Journal { get; } = new();

    public IReadOnlyList<ResourceEvent> Events => [.. _events];

    public IReadOnlyList<ResourceEvent> EventsOf(string name) => [.. _events.Where(e => e.Name == name)];

    public RecorderResource Rec(string name, Action<RecorderResource>? configure = null, MetaParams? meta = null)
    {
        var r = new RecorderResource { Name = name, Journal = Journal.Id, Meta = meta ?? MetaParams.Default };
        configure?.Invoke(r);
        return r;
    }

    public Task Commit(ResourceGraph graph) => Engine.CommitAsync(graph, TestContext.Current.CancellationToken);

    public static ResourceGraph Graph(params Resource[] resources)
    {
        var g = new ResourceGraph { Name = "test" };
        foreach (var r in resources) g.AddVertex(r);
        return g;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing the test after a generous limit.</summary>
    public static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for: {what}");
            await Task.Delay(5);
        }
    }

    /// <summary>Checks that <paramref name="condition"/> stays false for a while (for things that must not happen).</summary>
    public static async Task Never(Func<bool> condition, string what, int milliseconds = 300)
    {
        var until = DateTime.UtcNow.AddMilliseconds(milliseconds);
        while (DateTime.UtcNow < until)
        {
            Assert.False(condition(), what);
            await Task.Delay(5);
        }
    }

    public Task WaitChecks(string name, int count) =>
        Eventually(() => Journal.Count(name, "end") >= count, $"{name} to finish {count} CheckApply call(s)");

    public VertexStatus StatusOf(string name) => Engine.Status().Single(s => s.Name == name);

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
