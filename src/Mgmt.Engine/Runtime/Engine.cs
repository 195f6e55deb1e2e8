using System.Collections.Concurrent;
using Mgmt.Engine.Exports;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Reversals;
using Microsoft.Extensions.Logging;

namespace Mgmt.Engine.Runtime;

/// <summary>
/// Runs a graph of resources: one asynchronous worker per vertex watches its resource and runs CheckApply
/// whenever it may have drifted, after its parents, in parallel with everything it does not depend on. New
/// graphs are swapped in with <see cref="CommitAsync"/>, which keeps unchanged resources running untouched.
/// </summary>
/// <remarks>
/// All members are thread-safe. Commits are serialised; <see cref="ShutdownAsync"/>, <see cref="SoftInterrupt"/>
/// and <see cref="HardInterrupt"/> are the three steps of stopping (the CLI maps its first, second and third
/// signal to them).
/// </remarks>
public sealed partial class Engine : IAsyncDisposable
{
    private readonly CancellationTokenSource _interrupt = new();
    private readonly SemaphoreSlim _commitLock = new(1, 1);
    private readonly Dictionary<(string Kind, string Name), RetryCounter> _retries = [];
    private readonly ConcurrentDictionary<string, ResourceDescriptor> _kinds = new(StringComparer.Ordinal);
    private readonly Lock _shutdownLock = new();
    private volatile RunningGraph? _running;
    private volatile bool _interrupted;
    private bool _shutdownStarted;
    private Task? _shutdown;
    private long _clock;
    private long _swaps;

    public Engine(EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Log = options.Loggers.CreateLogger("mgmt.engine");
        Paths = new StatePaths(options.StateDirectory);
        ReversalStore = new ReversalStore(Paths.Reversals);
        Converger = new Converger(options.ConvergerTimeout, options.Time, Log);
        // The semaphore --sema adds to every resource (see GraphPreparer) is this host's, not part of an export.
        Exporter = new Exporter(options.Exports, GraphResources, options.Sema is { } n ? $":{n}" : null, options.Time, Log);
        InterruptToken = _interrupt.Token;
    }

    /// <summary>The settings this engine was created with.</summary>
    public EngineOptions Options { get; }

    /// <summary>Tells when the running graph has settled (see <see cref="Runtime.Converger"/>).</summary>
    public Converger Converger { get; }

    /// <summary>The graph currently running (after automatic edges and grouping), or null before the first commit.</summary>
    public ResourceGraph? Current => _running?.Graph();

    /// <summary>
    /// Raised after every CheckApply of a vertex (and when a Watch or CheckApply fails, for good or not), for
    /// logs, metrics and tests. Handlers run on the engine's threads and must return quickly; an exception
    /// thrown by a handler is logged and otherwise ignored.
    /// </summary>
    public event Action<ResourceEvent>? ResourceEvent;

    internal ILogger Log { get; }
    internal StatePaths Paths { get; }
    internal ReversalStore ReversalStore { get; }
    internal SwapGate Gate { get; } = new();
    internal SemaphoreTable Semaphores { get; } = new();
    internal Exporter Exporter { get; }
    internal CancellationToken InterruptToken { get; }
    internal bool Interrupted => _interrupted;

    /// <summary>How many graphs were committed (swapped in) since the engine started.</summary>
    public long Swaps => Interlocked.Read(ref _swaps);

    /// <summary>A snapshot of every vertex's state, sorted by kind and name.</summary>
    public IReadOnlyList<VertexStatus> Status() =>
        [.. Running.Order
            .Select(v => v.Status())
            .OrderBy(s => s.Kind, StringComparer.Ordinal)
            .ThenBy(s => s.Name, StringComparer.Ordinal)];

    public ValueTask DisposeAsync() => new(DisposeCoreAsync());

    /// <summary>The next stamp for a vertex that finished a Process; always positive and increasing.</summary>
    internal long NextStamp() => Interlocked.Increment(ref _clock);

    /// <summary>True when <paramref name="resource"/> is one of the running resource objects (a vertex or a member).</summary>
    internal bool IsRunning(Resource resource) => Running.VertexOf(resource) is not null;

    private RunningGraph Running => _running ?? RunningGraph.Empty;

    /// <summary>The resources of the running graph, for <see cref="IResourceContext.GraphResources"/>.</summary>
    internal IReadOnlyCollection<Resource> GraphResources() => Running.Resources();

    /// <summary>The kind named <paramref name="kind"/>, from the registry or from the resources seen so far.</summary>
    internal ResourceDescriptor? FindKind(string kind) => Options.Registry?.Find(kind) ?? _kinds.GetValueOrDefault(kind);

    internal void Raise(Vertex vertex, ResourceEventType type, bool checkOk, TimeSpan duration, Exception? error,
        IReadOnlyList<Changes.ResourceChange>? changes = null)
    {
        if (error is not null) vertex.FailedAt(Options.Time.GetUtcNow());
        if (ResourceEvent is not { } handler) return;
        try
        {
            handler(new ResourceEvent(vertex.Resource.Kind, vertex.Resource.Name, type, checkOk, duration, error)
            {
                Changes = changes ?? [],
                Noop = vertex.Resource.Meta.Noop,
            });
        }
        catch (Exception e)
        {
            EngineLog.HandlerFailed(Log, nameof(ResourceEvent), e.Message);
        }
    }

    /// <summary>Before a reversible resource with Meta:reverse first applies: persist what undoes it.</summary>
    internal void RecordReversal(Vertex vertex)
    {
        for (var k = 0; k < vertex.ResourceCount; k++)
        {
            var r = vertex.ResourceAt(k);
            if (r is not IReversible reversible || !r.Meta.Reverse || r.Meta.Hidden) continue;
            // A pending record holds the state from before we first touched the resource; keep that one.
            if (ReversalStore.Exists(r.Kind, r.Name)) continue;
            if (reversible.Reversed() is not { } reversal) continue;
            reversal.Meta = reversal.Meta with { Reverse = false };
            _kinds.TryAdd(reversal.Kind, reversal.Descriptor);
            ReversalStore.Save(r.Kind, r.Name, reversal);
            EngineLog.ReversalRecorded(Log, r.ToString());
        }
    }

    /// <summary>An injected reversal applied successfully: it must not be injected again.</summary>
    internal void ReversalApplied(Vertex vertex, ReversalTarget original)
    {
        if (!ReversalStore.Exists(original.Kind, original.Name)) return;
        ReversalStore.Delete(original.Kind, original.Name);
        EngineLog.ReversalDone(Log, vertex.Resource.ToString());
    }

    private async Task DisposeCoreAsync()
    {
        await ShutdownAsync().ConfigureAwait(false);
        await Exporter.DisposeAsync().ConfigureAwait(false);
        Converger.Dispose();
        _interrupt.Dispose();
    }
}
