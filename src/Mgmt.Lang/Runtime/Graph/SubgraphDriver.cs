using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;

namespace Mgmt.Lang.Runtime.Graph;

/// <summary>
/// A node that builds part of the graph at run time from the values it reads: a call of a function value, an
/// <c>if</c>, a loop, a <c>&lt;|&gt;</c>, an iterator. Its own state is a marker (set once its inputs are complete);
/// the result of the sub-graph, if any, reaches downstream nodes through a <see cref="ForwardNode"/>.
/// </summary>
internal abstract class SubgraphDriver(SourceSpan span, params GraphNode[] inputs) : GraphNode(span, inputs)
{
    /// <summary>The state of a driver whose inputs are complete.</summary>
    protected static readonly NodeState Ready = NodeState.Of(Value.Bool(true));

    private readonly List<GraphScope> _children = [];

    internal override IEnumerable<GraphScope> ChildScopes => _children;

    /// <summary>A new sub-graph scope owned by this node.</summary>
    protected GraphScope Open(FunctionGraph graph)
    {
        var scope = graph.NewScope(this);
        _children.Add(scope);
        return scope;
    }

    /// <summary>Removes one of this node's sub-graphs.</summary>
    protected void Close(FunctionGraph graph, GraphScope? scope)
    {
        if (scope is null) return;
        graph.Detach(scope);
        _children.Remove(scope);
    }

    internal override void Stop(FunctionGraph graph)
    {
        foreach (var scope in _children) graph.Detach(scope);
        _children.Clear();
    }
}

/// <summary>A dynamic node whose sub-graph computes a value, passed on by its <see cref="Output"/>.</summary>
internal abstract class ForwardingDriver(SourceSpan span, params GraphNode[] inputs) : SubgraphDriver(span, inputs)
{
    /// <summary>The node downstream nodes read; set right after the driver joins the graph.</summary>
    public ForwardNode Output { get; set; } = null!;
}
