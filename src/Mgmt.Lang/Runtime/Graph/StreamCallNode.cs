using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Runtime.Graph;

/// <summary>
/// A call of a stream built-in (the clock, a file's content): its function runs on its own task for as long as
/// the node is in the graph, receives each new set of arguments, and emits values that the graph takes in
/// through its inbox. An argument that is an error is passed on as this node's state.
/// </summary>
internal sealed class StreamCallNode(string label, StreamFunctionNode function, FuncType type, SourceSpan span, GraphNode[] args)
    : GraphNode(span, args)
{
    private readonly Lock _gate = new();
    private FunctionStream? _stream;
    private CancellationTokenSource? _cancel;
    private bool _finished;
    private IReadOnlyList<Value>? _lastArgs;
    private NodeState _emitted;

    public override string Label => label;

    public override string InputName(int index) =>
        index < type.Parameters.Count && type.Parameters[index].Name is { } n ? n : base.InputName(index);

    internal override void Start(FunctionGraph graph)
    {
        if (_stream is not null) return;
        _stream = new FunctionStream(this, graph.Inbox);
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(graph.Lifetime);
        var stream = _stream;
        var token = _cancel.Token;
        var task = Task.Run(() => function.RunAsync(stream, token), CancellationToken.None);
        graph.TrackStream(task.ContinueWith(
            t => Finished(t, graph.Inbox, token),
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default));
        // Arguments computed before the stream started are handed over now.
        if (_lastArgs is not null) Offer(_lastArgs);
    }

    internal override void Stop(FunctionGraph graph)
    {
        lock (_gate)
        {
            if (!_finished) _cancel?.Cancel();
        }
    }

    internal override NodeState Compute(FunctionGraph graph)
    {
        if (InputsIncomplete(out var error)) return NodeState.Empty;
        if (error is not null) return NodeState.Failed(error);
        var args = new Value[Inputs.Count];
        for (var i = 0; i < args.Length; i++) args[i] = Inputs[i].State.Value!;
        if (_lastArgs is null || !_lastArgs.SequenceEqual(args))
        {
            _lastArgs = args;
            Offer(args);
        }
        return _emitted;
    }

    /// <summary>Takes a value the stream emitted; true when the node must be computed again.</summary>
    internal bool Deliver(NodeState state)
    {
        if (_emitted.Equals(state)) return false;
        _emitted = state;
        return true;
    }

    private void Offer(IReadOnlyList<Value> args)
    {
        if (_stream is null) return;
        _stream.Offer(args);
        // A stream whose arguments can never change is told so, which lets it settle on its last piece of work.
        if (Inputs.All(i => i.IsConstant)) _stream.CompleteInputs();
    }

    private void Finished(Task run, StreamInbox inbox, CancellationToken token)
    {
        lock (_gate)
        {
            _finished = true;
            _cancel?.Dispose();
        }
        // Ended, or stopped by us (whatever it threw on the way out): the last value stays.
        if (!run.IsFaulted || token.IsCancellationRequested) return;
        var e = run.Exception!.InnerException ?? run.Exception;
        switch (e)
        {
            case CatchableException c:
                inbox.Post(this, NodeState.Failed(new RuntimeError(c.Message, Span)));
                return;
            case FunctionException f:
                inbox.PostFailure(this, new FunctionGraphException(f.Message, Span, f));
                return;
            default:
                inbox.PostFailure(this, new FunctionGraphException($"internal error in {label}: {e.GetType().Name}: {e.Message}", Span, e));
                return;
        }
    }
}
