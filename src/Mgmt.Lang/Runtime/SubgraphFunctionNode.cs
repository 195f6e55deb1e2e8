using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Runtime.Graph;

namespace Mgmt.Lang.Runtime;

/// <summary>
/// The node of a built-in whose result is computed by a sub-graph it builds from its arguments at run time: the
/// higher-order iterators (<c>iter.map</c>, <c>iter.filter</c>...), which call a function value once per element.
/// The runtime builds the sub-graph the first time the arguments are complete, and again whenever
/// <see cref="NeedsRebuild"/> says their shape changed; between rebuilds, new element values flow through the
/// existing sub-graph.
/// </summary>
internal abstract class SubgraphFunctionNode : FunctionNode
{
    /// <summary>True when the sub-graph built for <paramref name="previous"/> does not fit <paramref name="current"/>.</summary>
    public abstract bool NeedsRebuild(IReadOnlyList<Value> previous, IReadOnlyList<Value> current);

    /// <summary>Builds the sub-graph for <paramref name="args"/>; returns the node of the call's result.</summary>
    public abstract GraphNode Build(ISubgraphBuilder builder, IReadOnlyList<Value> args);

    /// <summary>True when the two values are different function objects (a new function means a new sub-graph).</summary>
    protected static bool Replaced(Value previous, Value current) => !ReferenceEquals(previous, current);
}

/// <summary>What a <see cref="SubgraphFunctionNode"/> may build its sub-graph from.</summary>
internal interface ISubgraphBuilder
{
    /// <summary>The node of the call's argument <paramref name="index"/>.</summary>
    GraphNode Argument(int index);

    /// <summary>A node holding element <paramref name="index"/> of the list held by <paramref name="list"/>.</summary>
    GraphNode Element(GraphNode list, int index);

    /// <summary>A call of <paramref name="function"/> with these argument nodes; returns its result node.</summary>
    GraphNode Call(FuncValue function, params GraphNode[] args);

    /// <summary>
    /// A node computing <paramref name="compute"/> over its inputs' values (errors in inputs pass through;
    /// a <see cref="CatchableException"/> thrown by <paramref name="compute"/> becomes this node's error).
    /// </summary>
    GraphNode Combine(string label, Func<IReadOnlyList<Value>, Value> compute, params GraphNode[] inputs);

    /// <summary>A constant.</summary>
    GraphNode Constant(Value value);
}
