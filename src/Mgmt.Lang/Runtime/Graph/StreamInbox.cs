using System.Threading.Channels;

namespace Mgmt.Lang.Runtime.Graph;

/// <summary>
/// Where stream nodes (running on their own tasks) leave what they produce for the propagation loop. Only the
/// latest output of each stream is kept: a stream faster than the graph is coalesced, and memory stays bounded by
/// the number of streams however long the program runs.
/// </summary>
/// <remarks>
/// The inbox also counts the program's activity (<see cref="Activity"/>): outputs not yet taken by the loop, changes
/// a stream announced and has not emitted yet, and the loop itself while it is not parked. The agent keeps the engine
/// from converging while the count is above zero, so that a value on its way to a new graph is not overtaken by an
/// exit on convergence.
/// </remarks>
internal sealed class StreamInbox
{
    private readonly RuntimeActivity _activity = new();
    private int _posted; // outputs posted since the last drain, each holding one unit of activity

    private readonly Lock _lock = new();
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private Dictionary<StreamCallNode, Delivery> _pending = [];
    private Dictionary<StreamCallNode, Delivery> _spare = [];

    /// <summary>What one stream delivered since the loop last looked: its latest state, and whether it failed.</summary>
    public struct Delivery
    {
        public NodeState? Latest;
        public FunctionGraphException? Failure;
    }

    /// <summary>The program's activity; see the remarks of this class.</summary>
    public RuntimeActivity Activity => _activity;

    public void Post(StreamCallNode node, NodeState state)
    {
        _activity.Enter(); // before the lock: handlers of the activity must not run under it
        lock (_lock)
        {
            _posted++;
            ref var d = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_pending, node, out _);
            d.Latest = state;
        }
        _signal.Writer.TryWrite(true);
    }

    public void PostFailure(StreamCallNode node, FunctionGraphException failure)
    {
        _activity.Enter(); // before the lock: handlers of the activity must not run under it
        lock (_lock)
        {
            _posted++;
            ref var d = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_pending, node, out _);
            d.Failure ??= failure;
        }
        _signal.Writer.TryWrite(true);
    }

    /// <summary>Waits until something was posted since the last <see cref="Drain"/>.</summary>
    public async ValueTask WaitAsync(CancellationToken cancel)
    {
        lock (_lock)
        {
            if (_pending.Count > 0) return;
        }
        await _signal.Reader.ReadAsync(cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes everything posted so far. The returned dictionary is only valid until the next call. The activity of
    /// what was taken passes to the loop, which must be counted active (<see cref="RuntimeActivity.Enter"/>) while
    /// it calls this.
    /// </summary>
    public Dictionary<StreamCallNode, Delivery> Drain()
    {
        int taken;
        lock (_lock)
        {
            (_pending, _spare) = (_spare, _pending);
            _pending.Clear();
            _signal.Reader.TryRead(out _);
            taken = _posted;
            _posted = 0;
        }
        _activity.Exit(taken);
        return _spare;
    }
}
