using Mgmt.Engine.Values;
using Mgmt.Lang.Runtime;
using Mgmt.Lang.Runtime.Graph;

namespace Mgmt.Lang.Core.IterFunctions;

/// <summary><c>iter.filter(list, fn)</c>: one call of <c>fn</c> per element; keeps the elements it accepts.</summary>
internal sealed class FilterIterator(FuncType type) : SubgraphFunctionNode
{
    private readonly ListType _result = (ListType)type.Result;

    public override bool NeedsRebuild(IReadOnlyList<Value> previous, IReadOnlyList<Value> current) =>
        Replaced(previous[1], current[1]) || previous[0].AsList().Count != current[0].AsList().Count;

    public override GraphNode Build(ISubgraphBuilder builder, IReadOnlyList<Value> args)
    {
        var list = builder.Argument(0);
        var function = (FuncValue)args[1];
        var count = args[0].AsList().Count;
        var inputs = new GraphNode[count + 1];
        inputs[0] = list;
        for (var i = 0; i < count; i++) inputs[i + 1] = builder.Call(function, builder.Element(list, i));
        return builder.Combine("filter", values =>
        {
            var items = values[0].AsList().Items;
            var kept = new List<Value>(items.Length);
            for (var i = 0; i < items.Length && i + 1 < values.Count; i++)
            {
                if (values[i + 1].AsBool()) kept.Add(items[i]);
            }
            return new ListValue(_result, [.. kept]);
        }, inputs);
    }
}
