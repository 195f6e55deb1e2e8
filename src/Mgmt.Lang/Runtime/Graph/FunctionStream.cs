using System.Threading.Channels;
using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Runtime.Graph;

/// <summary>
/// The channel between one stream node and the graph: argument sets flow in (the latest one wins if the stream
/// is busy), outputs flow out through the graph's inbox.
/// </summary>
internal sealed class FunctionStream(StreamCallNode node, StreamInbox inbox) : IFunctionStream
{
    private readonly Channel<IReadOnlyList<Value>> _inputs = Channel.CreateBounded<IReadOnlyList<Value>>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true });

    public IAsyncEnumerable<IReadOnlyList<Value>> Inputs => _inputs.Reader.ReadAllAsync();

    public ValueTask EmitAsync(Value value)
    {
        ArgumentNullException.ThrowIfNull(value);
        inbox.Post(node, NodeState.Of(value));
        return ValueTask.CompletedTask;
    }

    public ValueTask EmitErrorAsync(CatchableException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        inbox.Post(node, NodeState.Failed(new RuntimeError(error.Message, node.Span)));
        return ValueTask.CompletedTask;
    }

    public IDisposable ExpectChange() => inbox.Activity.Begin();

    /// <summary>Hands the stream a new argument set.</summary>
    public void Offer(IReadOnlyList<Value> args) => _inputs.Writer.TryWrite(args);

    /// <summary>No argument set will follow.</summary>
    public void CompleteInputs() => _inputs.Writer.TryComplete();
}
