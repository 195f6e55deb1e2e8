using Mgmt.Engine.Values;
using Mgmt.Lang.Runtime;
using Mgmt.Lang.Runtime.Graph;

namespace Mgmt.Lang.Core.IterFunctions;

/// <summary><c>iter.zip(a, b, fn)</c>: one call of <c>fn</c> per pair of elements, up to the shorter list's length.</summary>
internal sealed class ZipIterator(FuncType type) : SubgraphFunctionNode
{
    private readonly ListType _result = (ListType)type.Result;

    public override bool NeedsRebuild(IReadOnlyList<Value> previous, IReadOnlyList<Value> current) =>
        Replaced(previous[2], current[2]) || Length(previous) != Length(current);

    public override GraphNode Build(ISubgraphBuilder builder, IReadOnlyList<Value> args)
    {
        var first = builder.Argument(0);
        var second = builder.Argument(1);
        var function = (FuncValue)args[2];
        var results = Enumerable.Range(0, Length(args))
            .Select(i => builder.Call(function, builder.Element(first, i), builder.Element(second, i)))
            .ToArray();
        return builder.Combine("zip", values => new ListValue(_result, [.. values]), results);
    }

    private static int Length(IReadOnlyList<Value> args) => Math.Min(args[0].AsList().Count, args[1].AsList().Count);
}
