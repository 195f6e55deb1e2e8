using System.Threading.Channels;

namespace Mgmt.Lang.Runtime.Graph;

/// <summary>
/// Where stream nodes (running on their own tasks) leave what they produce for the propagation loop. Only the
/// latest output of each stream is kept: a stream faster than the graph is coalesced, and memory stays bounded by
/// the number of streams however long the program runs.
/// </summary>
internal sealed class StreamInbox
{
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

    public void Post(StreamCallNode node, NodeState state)
    {
        lock (_lock)
        {
            ref var d = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_pending, node, out _);
            d.Latest = state;
        }
        _signal.Writer.TryWrite(true);
    }

    public void PostFailure(StreamCallNode node, FunctionGraphException failure)
    {
        lock (_lock)
        {
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

    /// <summary>Takes everything posted so far. The returned dictionary is only valid until the next call.</summary>
    public Dictionary<StreamCallNode, Delivery> Drain()
    {
        lock (_lock)
        {
            (_pending, _spare) = (_spare, _pending);
            _pending.Clear();
            _signal.Reader.TryRead(out _);
            return _spare;
        }
    }
}
