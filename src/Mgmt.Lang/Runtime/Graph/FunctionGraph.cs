using Mgmt.Lang.Functions;
using Microsoft.Extensions.Logging;

namespace Mgmt.Lang.Runtime.Graph;

/// <summary>
/// The reactive function graph and its single propagation loop. Nodes are computed in increasing rank, each
/// after all its inputs, and only when an input changed; a state equal to the previous one stops there. Dynamic
/// nodes add and remove whole <see cref="GraphScope"/>s while the loop runs. Everything here runs on one logical
/// thread (the caller of <see cref="Propagate"/> and <see cref="ApplyDeliveries"/>); only stream tasks run
/// elsewhere, and they talk to the loop through the <see cref="Inbox"/>.
/// </summary>
internal sealed partial class FunctionGraph : IAsyncDisposable
{
    private readonly PriorityQueue<GraphNode, long> _queue = new();
    private readonly List<GraphNode> _failedSinks = [];
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _tasksLock = new();
    private readonly HashSet<Task> _streamTasks = [];
    private int _nextId;
    private bool _running;
    private volatile bool _disposed;

    public FunctionGraph(IFunctionContext context, ILogger logger)
    {
        Context = context;
        Logger = logger;
        Root = new GraphScope(null);
        Lifetime = _lifetime.Token;
    }

    public IFunctionContext Context { get; }

    public ILogger Logger { get; }

    /// <summary>The static part of the program.</summary>
    public GraphScope Root { get; }

    public StreamInbox Inbox { get; } = new();

    /// <summary>Live nodes that have no state yet; the table of values is complete when this is 0.</summary>
    public int Pending { get; private set; }

    /// <summary>How many nodes are in the graph now.</summary>
    public int LiveNodes { get; private set; }

    /// <summary>How many new values the nodes produced since the graph started (for the agent's metrics).</summary>
    public long ValuesProduced { get; private set; }

    /// <summary>Set whenever a node's state or the graph's shape changed; the runtime clears it after interpreting.</summary>
    public bool TableChanged { get; set; } = true;

    /// <summary>Cancelled when the graph is disposed; every stream runs under it.</summary>
    public CancellationToken Lifetime { get; }

    public bool IsDisposed => _disposed;

    public bool IsRunning => _running;

    /// <summary>Adds a node to <paramref name="scope"/>. Its inputs must already be in the graph.</summary>
    public T Add<T>(T node, GraphScope scope) where T : GraphNode
    {
        if (scope.IsDetached) throw new InvalidOperationException("internal error: adding a node to a detached scope");
        node.Id = ++_nextId;
        var rank = scope.MinRank;
        foreach (var input in node.Inputs)
        {
            if (!input.IsLive) throw new InvalidOperationException($"internal error: {node} reads {input}, which left the graph");
            rank = Math.Max(rank, input.Rank + 1);
            input.Dependents.Add(node);
        }
        node.Rank = rank;
        node.Scope = scope;
        node.IsLive = true;
        scope.Nodes.Add(node);
        LiveNodes++;
        if (node.State.IsEmpty) Pending++;
        TableChanged = true;
        Enqueue(node);
        if (_running && !_disposed) node.Start(this);
        return node;
    }

    /// <summary>A new scope for the sub-graph of <paramref name="owner"/>: its nodes rank after the owner.</summary>
    public GraphScope NewScope(GraphNode owner) => new(owner) { MinRank = owner.Rank + 1 };

    /// <summary>Starts every stream of the graph; nodes added later start as they are added.</summary>
    public void Start()
    {
        if (_running) return;
        _running = true;
        foreach (var node in AllNodes(Root).ToList()) node.Start(this);
    }

    /// <summary>Marks a node as read by the interpreter: from now on an error in it stops the program.</summary>
    public void MarkSink(GraphNode node)
    {
        node.IsSink = true;
        if (node.State.Error is not null) _failedSinks.Add(node);
    }

    /// <summary>Marks a node to be computed again in this round.</summary>
    public void MarkDirty(GraphNode node)
    {
        if (node.IsLive) Enqueue(node);
    }

    /// <summary>Computes every dirty node, in rank order, until the graph is settled.</summary>
    public void Propagate()
    {
        while (_queue.TryDequeue(out var node, out var priority))
        {
            if (!node.IsLive || !node.IsQueued || (int)(priority >> 32) != node.Rank) continue;
            node.IsQueued = false;
            SetState(node, node.Compute(this));
        }
        CheckSinks();
    }

    /// <summary>Applies what the streams delivered since the last call.</summary>
    public void ApplyDeliveries()
    {
        (StreamCallNode Node, FunctionGraphException Error)? failure = null;
        foreach (var (node, delivery) in Inbox.Drain())
        {
            if (!node.IsLive) continue;
            if (delivery.Latest is { } state && node.Deliver(state)) MarkDirty(node);
            // Several streams may fail at once; report the earliest-built one so that runs are reproducible.
            if (delivery.Failure is { } f && (failure is null || node.Id < failure.Value.Node.Id)) failure = (node, f);
        }
        if (failure is { } first) throw first.Error;
    }

    /// <summary>Points a forwarding node at a new source (or at nothing) and schedules it.</summary>
    public void SetSource(ForwardNode forward, GraphNode? source)
    {
        if (ReferenceEquals(forward.Source, source)) return;
        if (forward.Source is { IsLive: true } old) old.Dependents.Remove(forward);
        forward.Source = source;
        if (source is not null)
        {
            source.Dependents.Add(forward);
            RaiseRank(forward, source.Rank + 1);
        }
        TableChanged = true;
        MarkDirty(forward);
    }

    /// <summary>Removes every node of <paramref name="scope"/>, and the sub-graphs they own, from the graph.</summary>
    public void Detach(GraphScope scope)
    {
        if (scope.IsDetached) return;
        scope.IsDetached = true;
        TableChanged = true;
        foreach (var node in scope.Nodes)
        {
            if (!node.IsLive) continue;
            node.IsLive = false;
            LiveNodes--;
            if (node.State.IsEmpty) Pending--;
            foreach (var input in node.Inputs)
            {
                if (input.IsLive) input.Dependents.Remove(node);
            }
            if (node is ForwardNode { Source: { IsLive: true } source } f) source.Dependents.Remove(f);
            node.Stop(this);
        }
        scope.RunDetachActions();
        scope.Nodes.Clear();
    }

    /// <summary>Registers a running stream task so that disposal can wait for it.</summary>
    public void TrackStream(Task task)
    {
        lock (_tasksLock) _streamTasks.Add(task);
        task.ContinueWith(
            t =>
            {
                lock (_tasksLock) _streamTasks.Remove(t);
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Every live node, scope by scope, parents before the sub-graphs they own.</summary>
    public IEnumerable<GraphNode> AllNodes(GraphScope scope)
    {
        var stack = new Stack<GraphScope>();
        stack.Push(scope);
        while (stack.Count > 0)
        {
            var s = stack.Pop();
            foreach (var node in s.Nodes)
            {
                if (!node.IsLive) continue;
                yield return node;
                foreach (var child in node.ChildScopes) stack.Push(child);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _lifetime.CancelAsync().ConfigureAwait(false);
        Task[] tasks;
        lock (_tasksLock) tasks = [.. _streamTasks];
        try
        {
            // Streams honour cancellation; the bound keeps a misbehaving one from hanging shutdown.
            await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            RuntimeLog.StreamsStoppedBadly(Logger, e.Message);
        }
        _lifetime.Dispose();
    }

    private void SetState(GraphNode node, NodeState state)
    {
        var old = node.State;
        if (old.Equals(state)) return;
        if (old.IsEmpty && !state.IsEmpty) Pending--;
        else if (!old.IsEmpty && state.IsEmpty) Pending++;
        node.State = state;
        ValuesProduced++;
        TableChanged = true;
        if (node.IsSink && state.Error is not null) _failedSinks.Add(node);
        foreach (var d in node.Dependents) Enqueue(d);
    }

    // An error that reached a resource stops the program, unless the same round removed that resource (its if
    // branch or loop iteration went away): so sinks are checked once the round is over.
    private void CheckSinks()
    {
        if (_failedSinks.Count == 0) return;
        GraphNode? first = null;
        foreach (var sink in _failedSinks)
        {
            if (sink.IsLive && sink.State.Error is not null && (first is null || sink.Id < first.Id)) first = sink;
        }
        _failedSinks.Clear();
        if (first?.State.Error is { } error) throw new FunctionGraphException(error.Message, error.Origin);
    }

    private void Enqueue(GraphNode node)
    {
        // One entry per node and rank: a node whose inputs change together is computed once.
        if (node.IsQueued && node.QueuedRank == node.Rank) return;
        node.IsQueued = true;
        node.QueuedRank = node.Rank;
        _queue.Enqueue(node, ((long)node.Rank << 32) | (uint)node.Id);
    }

    /// <summary>
    /// Raises the rank of <paramref name="start"/> to at least <paramref name="min"/>, and of everything that
    /// must come after it (its dependents and the sub-graphs it owns).
    /// </summary>
    private void RaiseRank(GraphNode start, int min)
    {
        var work = new Stack<(GraphNode Node, int Min)>();
        work.Push((start, min));
        while (work.Count > 0)
        {
            var (node, atLeast) = work.Pop();
            if (node.Rank >= atLeast) continue;
            node.Rank = atLeast;
            if (node.IsQueued) Enqueue(node);
            foreach (var d in node.Dependents) work.Push((d, atLeast + 1));
            foreach (var child in node.ChildScopes)
            {
                child.MinRank = Math.Max(child.MinRank, atLeast + 1);
                foreach (var n in child.Nodes) work.Push((n, atLeast + 1));
            }
        }
    }
}
