using Mgmt.Engine.Values;
using Mgmt.Lang.Runtime;
using Mgmt.Lang.Runtime.Graph;

namespace Mgmt.Lang.Core.IterFunctions;

/// <summary>
/// <c>iter.map(list, fn)</c>: one call of <c>fn</c> per element. The calls are rebuilt only when the function or
/// the length of the list changes; new element values flow into the existing calls.
/// </summary>
internal sealed class MapIterator(FuncType type) : SubgraphFunctionNode
{
    private readonly ListType _result = (ListType)type.Result;

    public override bool NeedsRebuild(IReadOnlyList<Value> previous, IReadOnlyList<Value> current) =>
        Replaced(previous[1], current[1]) || previous[0].AsList().Count != current[0].AsList().Count;

    public override GraphNode Build(ISubgraphBuilder builder, IReadOnlyList<Value> args)
    {
        var list = builder.Argument(0);
        var function = (FuncValue)args[1];
        var results = Enumerable.Range(0, args[0].AsList().Count)
            .Select(i => builder.Call(function, builder.Element(list, i)))
            .ToArray();
        return builder.Combine("map", values => new ListValue(_result, [.. values]), results);
    }
}
