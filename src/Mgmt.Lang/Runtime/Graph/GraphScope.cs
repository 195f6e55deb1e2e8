namespace Mgmt.Lang.Runtime.Graph;

/// <summary>
/// A group of nodes that live and die together: the static program, or one sub-graph of a dynamic node (the body
/// of a called function, the active branch of an <c>if</c>, one loop iteration, the fallback of a
/// <c>&lt;|&gt;</c>). Scopes nest: detaching one detaches the scopes owned by its nodes.
/// </summary>
internal sealed class GraphScope
{
    private List<Action>? _onDetach;

    public GraphScope(GraphNode? owner) => Owner = owner;

    /// <summary>The dynamic node that built this scope; null for the root.</summary>
    public GraphNode? Owner { get; }

    /// <summary>
    /// Every node of the scope has at least this rank, so that it is computed after its owner: the owner may
    /// replace the scope before any stale node in it runs.
    /// </summary>
    public int MinRank { get; internal set; }

    public List<GraphNode> Nodes { get; } = [];

    public bool IsDetached { get; internal set; }

    /// <summary>Registers work to do when the scope is detached (forgetting frames that live in it).</summary>
    public void OnDetach(Action action) => (_onDetach ??= []).Add(action);

    internal void RunDetachActions()
    {
        if (_onDetach is null) return;
        foreach (var a in _onDetach) a();
        _onDetach = null;
    }
}
