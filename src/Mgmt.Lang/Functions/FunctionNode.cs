using Mgmt.Engine.Values;

namespace Mgmt.Lang.Functions;

/// <summary>
/// One call site of a built-in function at run time: a node of the function graph. A node is either pure
/// (<see cref="PureFunctionNode"/>: computed again whenever an argument changes) or a stream
/// (<see cref="StreamFunctionNode"/>: runs for as long as it is in the graph and emits values over time).
/// </summary>
public abstract class FunctionNode
{
    private IFunctionContext? _context;

    /// <summary>The host's services for this node; set before the node is first called or run.</summary>
    protected IFunctionContext Context =>
        _context ?? throw new InvalidOperationException("function node used before Init");

    /// <summary>Called once before use. Overrides must call the base method.</summary>
    public virtual void Init(IFunctionContext context) => _context = context;
}

/// <summary>
/// A node whose output depends only on its arguments. <see cref="Call"/> may throw
/// <see cref="CatchableException"/> (a value that <c>&lt;|&gt;</c> can replace) or <see cref="FunctionException"/>
/// (fatal: stops the program).
/// </summary>
public abstract class PureFunctionNode : FunctionNode
{
    public abstract Value Call(IReadOnlyList<Value> args);
}

/// <summary>
/// A node that produces values over time (the clock, a file's content, the load). <see cref="RunAsync"/> runs
/// for the node's lifetime: it reads each new set of arguments from <see cref="IFunctionStream.Inputs"/> and
/// emits values with <see cref="IFunctionStream.EmitAsync"/>. Returning (or throwing) ends the stream; an
/// exception other than <see cref="CatchableException"/> stops the program with its message.
/// </summary>
public abstract class StreamFunctionNode : FunctionNode
{
    public abstract Task RunAsync(IFunctionStream stream, CancellationToken cancel);
}

/// <summary>The channel between a stream node and the function graph.</summary>
public interface IFunctionStream
{
    /// <summary>
    /// Each new set of argument values, in order, as the arguments change (values equal to the previous set are
    /// not repeated). A function without arguments gets one empty set, then the sequence ends.
    /// </summary>
    IAsyncEnumerable<IReadOnlyList<Value>> Inputs { get; }

    /// <summary>Publishes a new output value; an equal value is ignored downstream.</summary>
    ValueTask EmitAsync(Value value);

    /// <summary>Publishes a catchable error as the output (for example a file that does not exist yet).</summary>
    ValueTask EmitErrorAsync(CatchableException error);

    /// <summary>
    /// Announces that something this stream follows has changed and a new output may come. Call it synchronously
    /// where the change is seen (in the event handler), and dispose the result once the output is emitted or found
    /// unchanged. Until then the program counts as busy: an agent waiting for convergence does not stop in between.
    /// </summary>
    IDisposable ExpectChange() => NoActivity.Instance;
}

/// <summary>The <see cref="IFunctionStream.ExpectChange"/> of a stream that runs outside a program.</summary>
internal sealed class NoActivity : IDisposable
{
    public static readonly NoActivity Instance = new();

    public void Dispose()
    {
    }
}

/// <summary>
/// A run-time failure that <c>&lt;|&gt;</c> can catch: a missing list index or map key, a division by zero, a
/// failed conversion, a file that does not exist. Uncaught, it stops the program like <see cref="FunctionException"/>.
/// </summary>
public sealed class CatchableException(string message) : Exception(message);

/// <summary>A fatal run-time failure of a function; stops the program with this message.</summary>
public sealed class FunctionException(string message, Exception? inner = null) : Exception(message, inner);
