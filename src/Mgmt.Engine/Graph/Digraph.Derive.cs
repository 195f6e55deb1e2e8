namespace Mgmt.Engine.Graph;

/// <summary>What changed in a derived graph since it was derived (<see cref="Digraph{TVertex, TEdge}.Derive"/>).</summary>
/// <param name="AddedVertices">Vertices in the graph that its base did not have, in the order of their first change.</param>
/// <param name="RemovedVertices">Vertices of the base that the graph does not have.</param>
/// <param name="ChangedEdges">
/// Pairs whose edge was added, removed or replaced by another edge object (a removed vertex's edges included); a
/// pair changed and changed back is not listed.
/// </param>
public sealed record GraphChanges<TVertex, TEdge>(
    IReadOnlyList<TVertex> AddedVertices,
    IReadOnlyList<TVertex> RemovedVertices,
    IReadOnlyList<(TVertex From, TVertex To)> ChangedEdges)
{
    /// <summary>True when the graph reads exactly like its base.</summary>
    public bool IsEmpty => AddedVertices.Count == 0 && RemovedVertices.Count == 0 && ChangedEdges.Count == 0;
}

public partial class Digraph<TVertex, TEdge>
{
    // A derived graph reads through to one shared root; its own maps grow with the changes since that root, and
    // each derive copies them. Past this share of the root it is cheaper to copy the root's maps (their entries
    // are copied as they are, without hashing) and start again from a flat graph.
    private const int FlattenDivisor = 16;
    private const int FlattenSlack = 64;

    /// <summary>
    /// A new graph with this graph's vertices, edges and order, sharing this graph's storage instead of copying it
    /// (no work per vertex: a derive costs in proportion to the changes since the last graph built from scratch, and
    /// once those reach a 16th of the graph it copies the shared maps' entries, without hashing, to start afresh),
    /// that records its own changes from here on (<see cref="Changes"/>). This graph is
    /// frozen: changing it afterwards throws <see cref="InvalidOperationException"/>, so the derived graph (and the
    /// engine, which may plan a swap from the recorded changes) can rely on it staying what it was. Derive from the
    /// last graph handed to the engine to give it the cheapest swap: a change of one resource is then planned from
    /// that change alone, whatever the size of the graph.
    /// </summary>
    public Digraph<TVertex, TEdge> Derive()
    {
        var child = new Digraph<TVertex, TEdge>(Comparer);
        DeriveInto(child);
        return child;
    }

    /// <summary>True when this graph reads through to a shared one (false when built from scratch or folded), for tests.</summary>
    internal bool IsLayered => _root is not null;

    /// <summary>True when this graph was derived from <paramref name="other"/> (not from an earlier version of it, nor through another graph).</summary>
    public bool IsDerivedFrom(Digraph<TVertex, TEdge> other) => IsDerivedFrom(other.Id, other.Version);

    internal bool IsDerivedFrom(long id, long version) => _changes is { } log && log.BaseId == id && log.BaseVersion == version;

    /// <summary>
    /// The changes since this graph was derived, worked out from the record kept since (work in proportion to the
    /// changes); null when it was not derived.
    /// </summary>
    public GraphChanges<TVertex, TEdge>? Changes()
    {
        if (_changes is not { } log) return null;
        if (log.Summary is { } known && log.SummaryVersion == Version) return known;
        var added = new List<TVertex>();
        var removed = new List<TVertex>();
        foreach (var (v, had) in log.Vertices)
        {
            var has = Contains(v);
            if (has && !had) added.Add(v);
            else if (had && !has) removed.Add(v);
        }
        var edges = new List<(TVertex, TVertex)>();
        foreach (var (pair, before) in log.Edges)
        {
            var has = TryGetEdge(pair.From, pair.To, out var now);
            if (has != before.Had || (has && !EqualityComparer<TEdge>.Default.Equals(now, before.Edge))) edges.Add(pair);
        }
        log.SummaryVersion = Version;
        return log.Summary = new GraphChanges<TVertex, TEdge>(added, removed, edges);
    }

    /// <summary>Makes <paramref name="child"/>, a new empty graph with the same comparer, derived from this one.</summary>
    protected void DeriveInto(Digraph<TVertex, TEdge> child)
    {
        ArgumentNullException.ThrowIfNull(child);
        if (child._count != 0 || child.Version != 0 || !ReferenceEquals(child.Comparer, Comparer))
        {
            throw new ArgumentException("a graph can only be derived into a new, empty graph with the same comparer", nameof(child));
        }
        _frozen = true;
        var owned = new HashSet<Dictionary<TVertex, TEdge>>(ReferenceEqualityComparer.Instance);
        if (_root is null)
        {
            if (_order.Count != _count) Compact();
            child._root = this;
            child._moved = new HashSet<TVertex>(Comparer);
        }
        else if (_out.Count + _order.Count <= _root._count / FlattenDivisor + FlattenSlack)
        {
            child._root = _root;
            child._out = new Dictionary<TVertex, Dictionary<TVertex, TEdge>?>(_out, Comparer);
            child._in = new Dictionary<TVertex, Dictionary<TVertex, TEdge>?>(_in, Comparer);
            child._order = [.. _order];
            child._moved = new HashSet<TVertex>(_moved!, Comparer);
        }
        else
        {
            child._out = Flatten(_out, _root._out);
            child._in = Flatten(_in, _root._in);
            child._order = [.. Vertices];
        }
        child._owned = owned;
        child._count = _count;
        child._edgeCount = _edgeCount;
        child._changes = new ChangeLog(Comparer) { BaseId = Id, BaseVersion = Version };
    }

    private Dictionary<TVertex, Dictionary<TVertex, TEdge>?> Flatten(Dictionary<TVertex, Dictionary<TVertex, TEdge>?> own,
        Dictionary<TVertex, Dictionary<TVertex, TEdge>?> root)
    {
        var flat = new Dictionary<TVertex, Dictionary<TVertex, TEdge>?>(root, Comparer);
        foreach (var (v, edges) in own)
        {
            if (ReferenceEquals(edges, Gone)) flat.Remove(v);
            else flat[v] = edges;
        }
        return flat;
    }

    /// <summary>The state before the first change of each vertex and pair since the derive.</summary>
    private sealed class ChangeLog(IEqualityComparer<TVertex> comparer)
    {
        public long BaseId { get; init; }
        public long BaseVersion { get; init; }
        public Dictionary<TVertex, bool> Vertices { get; } = new(comparer);
        public Dictionary<(TVertex From, TVertex To), (bool Had, TEdge Edge)> Edges { get; } = new(new PairComparer(comparer));
        public GraphChanges<TVertex, TEdge>? Summary { get; set; }
        public long SummaryVersion { get; set; }

        public void Vertex(TVertex v, bool had) => Vertices.TryAdd(v, had);

        public void Edge(Digraph<TVertex, TEdge> graph, TVertex from, TVertex to)
        {
            if (Edges.ContainsKey((from, to))) return;
            var had = graph.TryGetEdge(from, to, out var edge);
            Edges[(from, to)] = (had, edge);
        }
    }

    private sealed class PairComparer(IEqualityComparer<TVertex> comparer) : IEqualityComparer<(TVertex From, TVertex To)>
    {
        public bool Equals((TVertex From, TVertex To) a, (TVertex From, TVertex To) b) =>
            comparer.Equals(a.From, b.From) && comparer.Equals(a.To, b.To);

        public int GetHashCode((TVertex From, TVertex To) p) => HashCode.Combine(comparer.GetHashCode(p.From), comparer.GetHashCode(p.To));
    }
}
