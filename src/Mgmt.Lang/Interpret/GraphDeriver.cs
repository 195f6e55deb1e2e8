using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;

namespace Mgmt.Lang.Interpret;

/// <summary>
/// The last graph handed over and the output it was made from, kept so that the next table's graph can be derived
/// from it (<see cref="ResourceGraph.Derive"/>) when only some resources were made anew. Only a plain output is
/// kept: no hidden resources, no resource declared twice, no send/recv (those need the whole assembly's checks).
/// </summary>
internal sealed class GraphBase
{
    private GraphBase(ResourceGraph graph, Resource[] resources, EdgeOutput[] edges) =>
        (Graph, Resources, Edges) = (graph, resources, edges);

    public ResourceGraph Graph { get; }

    /// <summary>The output's resources in program order; their kind+name pairs are all different.</summary>
    public Resource[] Resources { get; }

    public EdgeOutput[] Edges { get; }

    /// <summary>A base for <paramref name="graph"/> when its <paramref name="output"/> is plain enough, else null.</summary>
    public static GraphBase? For(ResourceGraph graph, ProgramOutput output)
    {
        if (output.SendRecv.Count > 0 || graph.VertexCount != output.Resources.Count) return null;
        var resources = new Resource[output.Resources.Count];
        for (var i = 0; i < resources.Length; i++)
        {
            var r = output.Resources[i].Resource;
            // A graph with as many vertices as declarations, none hidden, has no name declared twice.
            if (r.Meta.Hidden) return null;
            resources[i] = r;
        }
        return new GraphBase(graph, resources, [.. output.Edges]);
    }
}

/// <summary>
/// Makes the next graph from the last one handed over (<see cref="GraphBase"/>) when the new output declares the
/// same resource names in the same order, with the same edges and no send/recv, and differs only by objects made
/// anew: the derived graph swaps those objects in (with their edges) and records the swap, so that neither this
/// step nor the engine's swap walks the unchanged resources' graph. Anything else is left to
/// <see cref="GraphAssembler"/>.
/// </summary>
internal static class GraphDeriver
{
    /// <summary>The derived graph, or null when the output must be assembled whole.</summary>
    public static ResourceGraph? TryDerive(GraphBase? last, ProgramOutput output)
    {
        if (last is null || output.SendRecv.Count > 0 || output.Resources.Count != last.Resources.Length) return null;
        if (!SameEdges(last.Edges, output.Edges)) return null;
        List<(Resource Old, ResourceOutput New)>? swaps = null;
        var resources = output.Resources;
        for (var i = 0; i < resources.Count; i++)
        {
            var item = resources[i];
            var old = last.Resources[i];
            if (ReferenceEquals(item.Resource, old)) continue;
            var r = item.Resource;
            // Same name in the same place: names stay unique and the declared edges join the same places.
            if (r.Kind != old.Kind || r.Name != old.Name || r.Meta.Hidden) return null;
            (swaps ??= []).Add((old, item));
        }
        // Validate every new object before touching the graph: an invalid one fails the table as assembling would.
        if (swaps is not null)
        {
            foreach (var (_, item) in swaps)
            {
                if (!item.Reused) GraphAssembler.Validate(item, receives: false);
            }
        }
        var graph = last.Graph.Derive();
        if (swaps is null) return graph;
        foreach (var (old, item) in swaps) Swap(graph, old, item.Resource);
        return graph;
    }

    // The declared edges join the same names as before, so the new object takes the old one's edges (the cycle
    // check of the last assembly still holds).
    private static void Swap(ResourceGraph graph, Resource old, Resource now)
    {
        var outgoing = graph.OutgoingOf(old).ToArray();
        var incoming = graph.IncomingOf(old).ToArray();
        graph.RemoveVertex(old);
        graph.AddVertex(now);
        foreach (var (to, edge) in outgoing) graph.AddEdge(now, to, edge);
        foreach (var (from, edge) in incoming) graph.AddEdge(from, now, edge);
    }

    private static bool SameEdges(EdgeOutput[] before, List<EdgeOutput> now)
    {
        if (before.Length != now.Count) return false;
        for (var i = 0; i < before.Length; i++)
        {
            if (!before[i].Equals(now[i])) return false;
        }
        return true;
    }
}
