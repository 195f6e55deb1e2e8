using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Runtime.Graph;

/// <summary>
/// A call of a pure built-in: computed again whenever an argument changes. A catchable failure becomes an error
/// value at this call's position; any other failure stops the program.
/// </summary>
internal sealed class CallNode(string label, PureFunctionNode function, FuncType type, SourceSpan span, GraphNode[] args)
    : GraphNode(span, args)
{
    private readonly Value[] _args = new Value[args.Length];
    private bool? _constant;

    public override string Label => label;

    // Inputs never change after construction, so the answer is computed once.
    public override bool IsConstant => _constant ??= Inputs.All(i => i.IsConstant);

    public override string InputName(int index) =>
        index < type.Parameters.Count && type.Parameters[index].Name is { } n ? n : base.InputName(index);

    internal override NodeState Compute(FunctionGraph graph)
    {
        if (InputsIncomplete(out var error)) return NodeState.Empty;
        if (error is not null) return NodeState.Failed(error);
        for (var i = 0; i < _args.Length; i++) _args[i] = Inputs[i].State.Value!;
        try
        {
            // The function gets a fresh list: it may keep it (a memo), and our buffer changes on the next call.
            return NodeState.Of(function.Call([.. _args]));
        }
        catch (CatchableException e)
        {
            return NodeState.Failed(new RuntimeError(e.Message, Span));
        }
        catch (FunctionException e)
        {
            throw new FunctionGraphException(e.Message, Span, e);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not FunctionGraphException)
        {
            throw new FunctionGraphException($"internal error in {label}: {e.GetType().Name}: {e.Message}", Span, e);
        }
    }
}
