using Mgmt.Lang.Diagnostics;

namespace Mgmt.Lang.Runtime.Graph;

/// <summary>
/// One vertex of the function graph. A node computes its <see cref="State"/> from the states of its
/// <see cref="Inputs"/>; the <see cref="FunctionGraph"/> calls <see cref="Compute"/> in rank order whenever an
/// input changed, so that every node sees settled inputs (no glitches) and only nodes downstream of a change
/// run again.
/// </summary>
internal abstract class GraphNode
{
    private readonly GraphNode[] _inputs;

    protected GraphNode(SourceSpan span, params GraphNode[] inputs)
    {
        Span = span;
        _inputs = inputs;
    }

    /// <summary>Unique within its graph, in creation order; breaks ties between equal ranks.</summary>
    public int Id { get; internal set; }

    /// <summary>Greater than the rank of every input, so computing by increasing rank respects the data flow.</summary>
    public int Rank { get; internal set; }

    /// <summary>The source the node stands for; errors raised here are reported at this position.</summary>
    public SourceSpan Span { get; }

    /// <summary>The nodes whose states this node reads.</summary>
    public IReadOnlyList<GraphNode> Inputs => _inputs;

    /// <summary>The current state (empty until first computed with complete inputs).</summary>
    public NodeState State { get; internal set; }

    /// <summary>The lifetime group the node belongs to; detaching the scope removes the node.</summary>
    public GraphScope Scope { get; internal set; } = null!;

    /// <summary>False once the node was removed from the graph.</summary>
    public bool IsLive { get; internal set; }

    /// <summary>
    /// The interpreter reads this node to build resources: an error arriving here is uncaught and stops the
    /// program.
    /// </summary>
    public bool IsSink { get; set; }

    /// <summary>Waiting in the graph's queue to be computed.</summary>
    internal bool IsQueued { get; set; }

    /// <summary>The rank the node was queued with (its queue entry is stale when the rank was raised since).</summary>
    internal int QueuedRank { get; set; }

    /// <summary>Nodes that read this one (inputs and forwarding).</summary>
    internal List<GraphNode> Dependents { get; } = [];

    /// <summary>True when the node's state can never change after its first computation.</summary>
    public virtual bool IsConstant => false;

    /// <summary>Vertex text for the printed function graph.</summary>
    public abstract string Label { get; }

    /// <summary>The name of the argument input <paramref name="index"/> feeds (edge labels of the printed graph).</summary>
    public virtual string InputName(int index) => index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Computes the new state from the inputs. May change the graph's shape (dynamic nodes).</summary>
    internal abstract NodeState Compute(FunctionGraph graph);

    /// <summary>Called once the graph runs (or at once when added to a running graph): streams start here.</summary>
    internal virtual void Start(FunctionGraph graph)
    {
    }

    /// <summary>Called when the node leaves the graph: streams stop, sub-graphs are detached.</summary>
    internal virtual void Stop(FunctionGraph graph)
    {
    }

    /// <summary>The scopes this node owns (sub-graphs of dynamic nodes), for printing and rank maintenance.</summary>
    internal virtual IEnumerable<GraphScope> ChildScopes => [];

    /// <summary>True when any input is empty; the first erroneous input's error otherwise (null when all are values).</summary>
    protected bool InputsIncomplete(out RuntimeError? error)
    {
        error = null;
        foreach (var input in _inputs)
        {
            if (input.State.IsEmpty) return true;
            error ??= input.State.Error;
        }
        return false;
    }

    public override string ToString() => $"{Label}#{Id}";
}
