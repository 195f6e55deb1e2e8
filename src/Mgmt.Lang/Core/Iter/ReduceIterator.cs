using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Runtime;
using Mgmt.Lang.Runtime.Graph;

namespace Mgmt.Lang.Core.IterFunctions;

/// <summary>
/// <c>iter.reduce([initval,] list, fn)</c>: a left fold built as a chain of calls, each taking the previous
/// result and the next element. Without an initial value the chain starts at the first element, and an empty
/// list is a catchable error.
/// </summary>
internal sealed class ReduceIterator(bool withInitial) : SubgraphFunctionNode
{
    private int ListIndex => withInitial ? 1 : 0;

    private int FunctionIndex => withInitial ? 2 : 1;

    public override bool NeedsRebuild(IReadOnlyList<Value> previous, IReadOnlyList<Value> current) =>
        Replaced(previous[FunctionIndex], current[FunctionIndex]) ||
        previous[ListIndex].AsList().Count != current[ListIndex].AsList().Count;

    public override GraphNode Build(ISubgraphBuilder builder, IReadOnlyList<Value> args)
    {
        var list = builder.Argument(ListIndex);
        var function = (FuncValue)args[FunctionIndex];
        var count = args[ListIndex].AsList().Count;
        GraphNode accumulator;
        var next = 0;
        if (withInitial)
        {
            accumulator = builder.Argument(0);
        }
        else if (count == 0)
        {
            return builder.Combine("reduce", _ => throw new CatchableException(
                "iter.reduce cannot fold an empty list without an initial value; pass one as the first argument"));
        }
        else
        {
            accumulator = builder.Element(list, 0);
            next = 1;
        }
        for (var i = next; i < count; i++) accumulator = builder.Call(function, accumulator, builder.Element(list, i));
        return accumulator;
    }
}
