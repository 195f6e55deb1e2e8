using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Runtime;

/// <summary>
/// A new graph on its way to running: the resources indexed by integer, their edges in an
/// <see cref="IncrementalDag"/> (which keeps it acyclic as automatic edges and groups are added), and the
/// send/recv bindings. The front end's graph object is only read; this is what the pipeline changes.
/// </summary>
internal sealed class WorkGraph(List<Resource> nodes, IncrementalDag dag, List<SendRecvBinding> bindings, Dictionary<int, ReversalTarget> reversals)
{
    /// <summary>The resources; an index is the resource's vertex id in <see cref="Dag"/>.</summary>
    public List<Resource> Nodes { get; } = nodes;

    public IncrementalDag Dag { get; } = dag;

    public List<SendRecvBinding> Bindings { get; } = bindings;

    /// <summary>Vertices injected to undo a vanished resource, with that resource's kind and name.</summary>
    public Dictionary<int, ReversalTarget> Reversals { get; } = reversals;

    /// <summary>True when compatible duplicates were merged into one vertex.</summary>
    public bool Merged { get; init; }

    /// <summary>How many automatic edges were left out because they would have closed a cycle.</summary>
    public int AutoEdgesLeftOut { get; set; }

    /// <summary>The ids of the resources that still have their own vertex (not folded into a group).</summary>
    public IEnumerable<int> Live()
    {
        for (var i = 0; i < Nodes.Count; i++)
        {
            if (!Dag.IsDead(i)) yield return i;
        }
    }
}
