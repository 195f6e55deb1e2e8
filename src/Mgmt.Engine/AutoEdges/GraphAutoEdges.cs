using Mgmt.Engine.Graph;
using Mgmt.Engine.Runtime;

namespace Mgmt.Engine.AutoEdges;

/// <summary>
/// Automatic edges for a front end that wants to show or check the graph before handing it to the engine (the
/// language runtime adds them right after interpreting, as the reference does). Uses the same rules as the
/// engine's own pass, so running both adds nothing twice.
/// </summary>
public static class GraphAutoEdges
{
    /// <summary>
    /// Adds to <paramref name="graph"/> the automatic edges of its resources that allow them (not hidden,
    /// <c>Meta:autoedge</c> on); an edge that would close a cycle is left out. Returns how many were added.
    /// Throws <see cref="GraphException"/> when the graph already has a cycle.
    /// </summary>
    public static int Add(ResourceGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var nodes = graph.Vertices.ToList();
        var index = new Dictionary<Resources.Resource, int>(nodes.Count, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < nodes.Count; i++) index[nodes[i]] = i;
        var edges = graph.Edges().Select(e => (index[e.From], index[e.To], e.Edge)).ToList();
        var dag = IncrementalDag.Create(nodes.Count, edges, out var cycle) ?? throw new GraphException(
            $"the graph has a cycle: {string.Join(" -> ", cycle!.Select(i => nodes[i].ToString()))}; remove one of these edges");
        var work = new WorkGraph(nodes, dag, [], []);
        var added = AutoEdger.Run(work, i => nodes[i].Meta is { AutoEdge: true, Hidden: false });
        if (added == 0) return 0;
        foreach (var (from, to, edge) in dag.Edges())
        {
            if (!graph.TryGetEdge(nodes[from], nodes[to], out _)) graph.AddEdge(nodes[from], nodes[to], edge);
        }
        return added;
    }
}
