using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Runtime;

/// <summary>
/// The vertices of one committed graph: by identity for the next swap's diff, in order for <see cref="Engine.Current"/>.
/// Immutable once published. The <see cref="ResourceGraph"/> form is built only when someone asks for it: a
/// dictionary per vertex and direction is a large part of a big graph's memory, and only the graphviz dump, the
/// conformance runner and tests look at it.
/// </summary>
/// <remarks>
/// <see cref="ByKey"/> is read only under the engine's commit lock, and the incremental swap updates it in place
/// (copying it would cost a large allocation per swap in a large graph); <see cref="Order"/> is read from any thread
/// and never changes. Without <c>children</c>, <see cref="Graph"/> takes the vertices' current edges.
/// </remarks>
internal sealed class RunningGraph(string name, Vertex[] order, RuntimeEdge[][]? children, Dictionary<VertexKey, Vertex> byKey)
{
    public static readonly RunningGraph Empty = new("", [], [], []);

    private ResourceGraph? _graph;
    private Resource[]? _resources;

    public string Name { get; } = name;

    public Dictionary<VertexKey, Vertex> ByKey { get; } = byKey;

    public IReadOnlyList<Vertex> Order => order;

    /// <summary>The vertex that runs <paramref name="resource"/> (its group's when it is a member), or null.</summary>
    public Vertex? VertexOf(Resource resource)
    {
        var top = resource.GroupParent ?? resource;
        if (!ByKey.TryGetValue(VertexKey.Of(top), out var v) || !ReferenceEquals(v.Resource, top)) return null;
        return ReferenceEquals(top, resource) || top.GroupedMembers.Contains(resource) ? v : null;
    }

    /// <summary>Every resource of the graph, grouped members included (built on first use).</summary>
    public IReadOnlyCollection<Resource> Resources()
    {
        if (Volatile.Read(ref _resources) is { } built) return built;
        var all = new List<Resource>(order.Length);
        foreach (var v in order)
        {
            all.Add(v.Resource);
            all.AddRange(v.Resource.GroupedMembers);
        }
        return Interlocked.CompareExchange(ref _resources, [.. all], null) ?? _resources;
    }

    public ResourceGraph Graph()
    {
        if (Volatile.Read(ref _graph) is { } built) return built;
        var graph = new ResourceGraph { Name = Name };
        foreach (var v in order) graph.AddVertex(v.Resource);
        foreach (var edges in children ?? order.Select(v => v.Children))
        {
            foreach (var e in edges) graph.AddEdge(e.From.Resource, e.To.Resource, e.Edge);
        }
        return Interlocked.CompareExchange(ref _graph, graph, null) ?? graph;
    }
}
