using Mgmt.Engine.AutoEdges;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Runtime;

/// <summary>An edge the front end declared, kept by the key of its target so that it survives the target's replacement.</summary>
internal readonly record struct DeclaredEdge(VertexKey To, string Name, bool Notify);

/// <summary>
/// What the incremental swap (<see cref="IncrementalSwap"/>) keeps from one graph to the next: the running vertex
/// of each running resource object, the edges the front end declared from each, and the automatic-edge index
/// (built on first use, since building it costs as much as the automatic edges of a whole graph). It exists only
/// while the running graph is one the incremental swap can work from: no send/recv, no reversal, no automatic
/// group and nothing that could be grouped, no automatic edge left out for closing a cycle.
/// </summary>
internal sealed class SwapIndex
{
    public Dictionary<Resource, Vertex> ByResource { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Declared edges by their source's running resource; resources without any are absent.</summary>
    public Dictionary<Resource, DeclaredEdge[]> Declared { get; } = new(ReferenceEqualityComparer.Instance);

    public AutoEdgeIndex? AutoEdges { get; set; }

    /// <summary>
    /// For the running resources that the last committed graph holds as another (equal) object: that object. Null
    /// when unknown or too many to keep (a front end that hands over new objects each time gains nothing from a
    /// change record); a swap from a change record needs it.
    /// </summary>
    public Dictionary<Resource, Resource>? Inputs { get; set; }

    /// <summary>The reverse of <see cref="Inputs"/>: the running resource of each such object of the committed graph.</summary>
    public Dictionary<Resource, Resource>? Nodes { get; set; }

    /// <summary>Drops <see cref="Inputs"/> when it holds more than a small share of the graph.</summary>
    public void LimitInputs()
    {
        if (Inputs is { } inputs && TooManyInputs(inputs.Count)) (Inputs, Nodes) = (null, null);
    }

    public bool TooManyInputs(int count) => count > ByResource.Count / 8 + 64;

    /// <summary>
    /// The index of a graph the full preparation just made running, or null when the next swap must be prepared in
    /// full too.
    /// </summary>
    public static SwapIndex? AfterFullSwap(WorkGraph work, ResourceGraph input, RunningGraph running, bool autoGroup)
    {
        if (work.Bindings.Count > 0 || work.Reversals.Count > 0 || work.Merged || work.AutoEdgesLeftOut > 0) return null;
        var index = new SwapIndex();
        foreach (var v in running.Order)
        {
            if (v.Resource.GroupedMembers.Count > 0 || (autoGroup && IncrementalSwap.Groups(v.Resource))) return null;
            index.ByResource[v.Resource] = v;
        }
        var inputs = new Dictionary<Resource, Resource>(ReferenceEqualityComparer.Instance);
        var nodes = new Dictionary<Resource, Resource>(ReferenceEqualityComparer.Instance);
        foreach (var r in input.Vertices)
        {
            if (!index.ByResource.ContainsKey(r) && inputs is not null)
            {
                if (index.TooManyInputs(inputs.Count))
                {
                    inputs = null; // a front end that hands over new objects: not worth keeping
                }
                else if (running.ByKey.TryGetValue(VertexKey.Of(r), out var node))
                {
                    inputs[node.Resource] = r;
                    nodes[r] = node.Resource;
                }
                else
                {
                    inputs = null;
                }
            }
            var edges = input.OutgoingOf(r);
            if (edges.Count == 0) continue;
            if (!running.ByKey.TryGetValue(VertexKey.Of(r), out var from)) return null;
            index.Declared[from.Resource] = DeclaredOf(edges);
        }
        if (inputs is not null) (index.Inputs, index.Nodes) = (inputs, nodes);
        index.LimitInputs();
        return index;
    }

    public static DeclaredEdge[] DeclaredOf(IReadOnlyDictionary<Resource, Edge> edges)
    {
        var result = new DeclaredEdge[edges.Count];
        var k = 0;
        foreach (var (to, edge) in edges) result[k++] = new DeclaredEdge(VertexKey.Of(to), edge.Name, edge.Notify);
        return result;
    }

    /// <summary>Builds the automatic-edge index from the running resources, once.</summary>
    public AutoEdgeIndex EnsureAutoEdges()
    {
        if (AutoEdges is { } built) return built;
        var index = new AutoEdgeIndex();
        foreach (var r in ByResource.Keys) index.Add(r);
        return AutoEdges = index;
    }
}
