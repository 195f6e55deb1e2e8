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
/// <para>
/// After an incremental swap the order is not built at once (a walk over every vertex would cost more than the swap):
/// the graph keeps the swap's <see cref="OrderChange"/> and the graph before, and builds its order on first read by
/// replaying the changes since the last graph that has one. Once the changes pile up past a 32nd of the graph, the
/// swap builds the order itself, so that the chain (and the old vertices it holds) stays short.
/// </para>
/// </remarks>
internal sealed class RunningGraph
{
    public static readonly RunningGraph Empty = new("", [], [], []);

    private readonly RuntimeEdge[][]? _children;
    private Vertex[]? _order;
    private RunningGraph? _before; // with _change, while _order is not built
    private readonly OrderChange? _change;
    private readonly int _pending; // changes replayed to build the order from the last graph that has one
    private ResourceGraph? _graph;
    private Resource[]? _resources;

    public RunningGraph(string name, Vertex[] order, RuntimeEdge[][]? children, Dictionary<VertexKey, Vertex> byKey)
    {
        Name = name;
        _order = order;
        _children = children;
        ByKey = byKey;
        Count = order.Length;
    }

    private RunningGraph(string name, RunningGraph before, OrderChange change, Dictionary<VertexKey, Vertex> byKey)
    {
        Name = name;
        ByKey = byKey;
        _change = change;
        Count = before.Count - change.Removed.Count + change.Added.Count;
        var pending = change.Size + (Volatile.Read(ref before._order) is null ? before._pending : 0);
        if (pending > Count / 32 + 64)
        {
            _order = Replay(before, change);
        }
        else
        {
            _before = before;
            _pending = pending;
        }
    }

    /// <summary>The graph after an incremental swap that made <paramref name="change"/> to this one.</summary>
    public RunningGraph After(string name, OrderChange change, Dictionary<VertexKey, Vertex> byKey) => new(name, this, change, byKey);

    public string Name { get; }

    public Dictionary<VertexKey, Vertex> ByKey { get; }

    /// <summary>How many vertices the graph has (without building <see cref="Order"/>).</summary>
    public int Count { get; }

    public IReadOnlyList<Vertex> Order
    {
        get
        {
            if (Volatile.Read(ref _order) is { } built) return built;
            // The order is published before the chain is dropped: no chain means the order is there.
            if (Volatile.Read(ref _before) is not { } before) return Volatile.Read(ref _order)!;
            Interlocked.CompareExchange(ref _order, Replay(before, _change!), null);
            Volatile.Write(ref _before, null); // the chain of earlier graphs can go
            return _order;
        }
    }

    // The order of the graph before, with every change since the last graph whose order is built replayed at once:
    // what each replaced or removed vertex became (following replacements of replacements), new ones at the end.
    private static Vertex[] Replay(RunningGraph before, OrderChange last)
    {
        var changes = new List<OrderChange> { last };
        var g = before;
        Vertex[]? start;
        while ((start = Volatile.Read(ref g._order)) is null)
        {
            // No chain: another reader built this order meanwhile, and the next turn finds it.
            if (Volatile.Read(ref g._before) is not { } earlier) continue;
            changes.Add(g._change!);
            g = earlier;
        }
        var became = new Dictionary<Vertex, Vertex?>(ReferenceEqualityComparer.Instance);
        var appended = new List<Vertex>();
        for (var i = changes.Count - 1; i >= 0; i--)
        {
            foreach (var (old, replacement) in changes[i].Replaced) became[old] = replacement;
            foreach (var gone in changes[i].Removed) became[gone] = null;
            appended.AddRange(changes[i].Added);
        }
        var order = new List<Vertex>(start.Length + appended.Count);
        foreach (var v in start.Concat(appended))
        {
            Vertex? now = v;
            while (now is not null && became.TryGetValue(now, out var next)) now = next;
            if (now is not null) order.Add(now);
        }
        return [.. order];
    }

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
        var all = new List<Resource>(Count);
        foreach (var v in Order)
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
        foreach (var v in Order) graph.AddVertex(v.Resource);
        foreach (var edges in _children ?? Order.Select(v => v.Children))
        {
            foreach (var e in edges) graph.AddEdge(e.From.Resource, e.To.Resource, e.Edge);
        }
        return Interlocked.CompareExchange(ref _graph, graph, null) ?? graph;
    }
}

/// <summary>
/// The order part of an incremental swap: running vertices replaced in place by new ones, removed, and new vertices
/// appended, in that order. Never changed once made.
/// </summary>
internal sealed record OrderChange(IReadOnlyList<(Vertex Old, Vertex New)> Replaced, IReadOnlyList<Vertex> Removed, IReadOnlyList<Vertex> Added)
{
    public int Size => Replaced.Count + Removed.Count + Added.Count;
}
