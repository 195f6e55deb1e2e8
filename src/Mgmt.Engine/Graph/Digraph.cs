namespace Mgmt.Engine.Graph;

/// <summary>
/// A directed graph with at most one edge per ordered pair of vertices. Vertices keep insertion order so
/// that everything derived from the graph is deterministic. Not thread-safe: build it, then share it read-only.
/// </summary>
/// <remarks>
/// <see cref="Derive"/> makes the next graph from this one without copying it: the derived graph shares this one's
/// storage, keeps its own changes apart and records them (<see cref="Changes"/>), and this graph is frozen from then
/// on. A derived graph reads exactly like one built from scratch with the same calls.
/// </remarks>
public partial class Digraph<TVertex, TEdge>
    where TVertex : notnull
{
    // A vertex's adjacency is allocated with its first edge: large graphs are mostly sparse, and an empty
    // dictionary per vertex and direction would be most of their memory.
    private static readonly Dictionary<TVertex, TEdge> NoEdges = [];

    // In a derived graph's own maps: the vertex was removed, though the shared root still has it.
    private static readonly Dictionary<TVertex, TEdge> Gone = [];

    private static long s_ids;

    // A graph built from scratch (or flattened) holds every vertex in _out, _in and _order. A derived graph reads
    // through to _root, a frozen graph of that first kind, and holds in _out/_in only the vertices whose adjacency
    // differs from the root's, in _order the vertices added since the root, in _moved the root's vertices that
    // were removed since (and maybe added again, then at the end).
    private Dictionary<TVertex, Dictionary<TVertex, TEdge>?> _out;
    private Dictionary<TVertex, Dictionary<TVertex, TEdge>?> _in;
    private List<TVertex> _order = [];
    private Digraph<TVertex, TEdge>? _root;
    private HashSet<TVertex>? _moved;
    // The adjacency dictionaries this graph may change in place; null: all of them (nothing is shared).
    private HashSet<Dictionary<TVertex, TEdge>>? _owned;
    // A graph without a root: vertices removed since _order was last compacted.
    private HashSet<TVertex>? _dropped;
    private List<TVertex>? _vertices; // a derived graph's Vertices, built on first read after a change
    private int _count;
    // Kept up to date by every change (and handed to a derived graph), so that EdgeCount costs nothing: the agent
    // logs it after each swap, and counting would walk every vertex of a derived graph.
    private int _edgeCount;
    private bool _frozen;
    private ChangeLog? _changes;

    public Digraph(IEqualityComparer<TVertex>? comparer = null)
    {
        Comparer = comparer ?? EqualityComparer<TVertex>.Default;
        _out = new Dictionary<TVertex, Dictionary<TVertex, TEdge>?>(Comparer);
        _in = new Dictionary<TVertex, Dictionary<TVertex, TEdge>?>(Comparer);
    }

    public IEqualityComparer<TVertex> Comparer { get; }

    /// <summary>This graph's identity for <see cref="IsDerivedFrom(Digraph{TVertex, TEdge})"/>; unique in the process.</summary>
    internal long Id { get; } = Interlocked.Increment(ref s_ids);

    /// <summary>Counts the changes made to this graph; a graph committed at one version and changed since is not that graph any more.</summary>
    internal long Version { get; private set; }

    /// <summary>True once a graph was derived from this one: it can no longer change.</summary>
    public bool IsFrozen => _frozen;

    public int VertexCount => _count;

    public int EdgeCount => _edgeCount;

    /// <summary>The vertices in insertion order (a vertex removed and added again counts as added then).</summary>
    public IReadOnlyList<TVertex> Vertices
    {
        get
        {
            if (_root is not null) return _vertices ??= Materialize();
            if (_order.Count != _count) Compact();
            return _order;
        }
    }

    public bool Contains(TVertex v) => TryOut(v, out _);

    /// <summary>Adds a vertex; adding one that exists does nothing.</summary>
    public bool AddVertex(TVertex v)
    {
        if (_root is null && !_frozen)
        {
            // A graph built from scratch: one lookup, as front ends add 100,000 vertices this way.
            if (!_out.TryAdd(v, null)) return false;
            _changes?.Vertex(v, false);
            // Added again after a removal: its old place in the order goes.
            if (_dropped is not null && _dropped.Remove(v)) _order.RemoveAt(IndexInOrder(v));
        }
        else
        {
            if (Contains(v)) return false;
            Writable();
            _changes?.Vertex(v, false);
            if (_root!.Contains(v)) _moved!.Add(v);
            _out[v] = null;
        }
        _in[v] = null;
        _order.Add(v);
        _count++;
        Changed();
        return true;
    }

    /// <summary>Adds (or replaces) the edge from <paramref name="from"/> to <paramref name="to"/>, adding missing vertices.</summary>
    public void AddEdge(TVertex from, TVertex to, TEdge edge)
    {
        Writable();
        AddVertex(from);
        AddVertex(to);
        _changes?.Edge(this, from, to);
        if (!TryGetEdge(from, to, out _)) _edgeCount++;
        MutableOut(from)[to] = edge;
        MutableIn(to)[from] = edge;
        Changed();
    }

    public bool RemoveEdge(TVertex from, TVertex to)
    {
        if (!TryOut(from, out var o) || o is null || !o.ContainsKey(to)) return false;
        Writable();
        _changes?.Edge(this, from, to);
        MutableOut(from).Remove(to);
        MutableIn(to).Remove(from);
        _edgeCount--;
        Changed();
        return true;
    }

    public bool RemoveVertex(TVertex v)
    {
        if (!TryOut(v, out var outs)) return false;
        Writable();
        TryIn(v, out var ins);
        _changes?.Vertex(v, true);
        // An edge from v to itself is in both of its dictionaries: counted once.
        _edgeCount -= (outs?.Count ?? 0) + (ins?.Count ?? 0) - (outs?.ContainsKey(v) == true ? 1 : 0);
        // Copies of the keys: removing an edge to itself changes v's own dictionaries.
        foreach (var to in (outs ?? NoEdges).Keys.ToArray())
        {
            _changes?.Edge(this, v, to);
            MutableIn(to).Remove(v);
        }
        foreach (var from in (ins ?? NoEdges).Keys.ToArray())
        {
            _changes?.Edge(this, from, v);
            MutableOut(from).Remove(v);
        }
        if (_root is null)
        {
            _out.Remove(v);
            _in.Remove(v);
            (_dropped ??= new HashSet<TVertex>(Comparer)).Add(v);
        }
        else if (_root.Contains(v) && !_moved!.Contains(v))
        {
            _out[v] = Gone;
            _in[v] = Gone;
            _moved.Add(v);
        }
        else
        {
            // Added since the root (or moved to the end): it has a place in _order, and maybe one in the root.
            if (_root.Contains(v))
            {
                _out[v] = Gone;
                _in[v] = Gone;
            }
            else
            {
                _out.Remove(v);
                _in.Remove(v);
            }
            _order.RemoveAt(IndexInOrder(v));
        }
        _count--;
        Changed();
        return true;
    }

    public bool TryGetEdge(TVertex from, TVertex to, out TEdge edge)
    {
        edge = default!;
        return TryOut(from, out var o) && o is not null && o.TryGetValue(to, out edge!);
    }

    /// <summary>Vertices that <paramref name="v"/> has edges to, with those edges.</summary>
    public IReadOnlyDictionary<TVertex, TEdge> OutgoingOf(TVertex v) =>
        TryOut(v, out var o) ? o ?? NoEdges : throw new KeyNotFoundException($"{v} is not in the graph");

    /// <summary>Vertices that have edges to <paramref name="v"/>, with those edges.</summary>
    public IReadOnlyDictionary<TVertex, TEdge> IncomingOf(TVertex v) =>
        TryIn(v, out var i) ? i ?? NoEdges : throw new KeyNotFoundException($"{v} is not in the graph");

    public IEnumerable<(TVertex From, TVertex To, TEdge Edge)> Edges()
    {
        foreach (var from in Vertices)
        {
            foreach (var (to, e) in OutgoingOf(from)) yield return (from, to, e);
        }
    }

    /// <summary>
    /// The vertices ordered so that every edge goes forward (Kahn's algorithm, stable in insertion order), or
    /// null when the graph has a cycle; <paramref name="cycle"/> then holds one cycle, first vertex repeated last.
    /// </summary>
    public IReadOnlyList<TVertex>? TopologicalSort(out IReadOnlyList<TVertex>? cycle)
    {
        var indegree = new Dictionary<TVertex, int>(Comparer);
        foreach (var v in Vertices) indegree[v] = IncomingOf(v).Count;
        var ready = new Queue<TVertex>(Vertices.Where(v => indegree[v] == 0));
        var result = new List<TVertex>(VertexCount);
        while (ready.Count > 0)
        {
            var v = ready.Dequeue();
            result.Add(v);
            foreach (var to in OutgoingOf(v).Keys)
            {
                if (--indegree[to] == 0) ready.Enqueue(to);
            }
        }
        if (result.Count == VertexCount)
        {
            cycle = null;
            return result;
        }
        cycle = FindCycle(indegree.Where(kv => kv.Value > 0).Select(kv => kv.Key).ToHashSet(Comparer));
        return null;
    }

    /// <summary>True when a path of one or more edges leads from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public bool Reaches(TVertex from, TVertex to)
    {
        var seen = new HashSet<TVertex>(Comparer);
        var stack = new Stack<TVertex>();
        stack.Push(from);
        while (stack.Count > 0)
        {
            foreach (var next in OutgoingOf(stack.Pop()).Keys)
            {
                if (Comparer.Equals(next, to)) return true;
                if (seen.Add(next)) stack.Push(next);
            }
        }
        return false;
    }

    private List<TVertex> FindCycle(HashSet<TVertex> candidates)
    {
        // Every vertex left with a positive in-degree lies on or after a cycle; walking backwards along
        // incoming edges within that set must revisit a vertex.
        var start = Vertices.First(candidates.Contains);
        var path = new List<TVertex>();
        var index = new Dictionary<TVertex, int>(Comparer);
        var v = start;
        while (!index.ContainsKey(v))
        {
            index[v] = path.Count;
            path.Add(v);
            v = IncomingOf(v).Keys.First(candidates.Contains);
        }
        var cycle = path.Skip(index[v]).Reverse().ToList();
        cycle.Add(cycle[0]);
        return cycle;
    }

    private void Compact()
    {
        _order.RemoveAll(_dropped!.Contains);
        _dropped.Clear();
    }

    private int IndexInOrder(TVertex v)
    {
        for (var i = _order.Count - 1; i >= 0; i--)
        {
            if (Comparer.Equals(_order[i], v)) return i;
        }
        throw new InvalidOperationException($"{v} has no place in the graph's order");
    }

    private List<TVertex> Materialize()
    {
        var all = new List<TVertex>(_count);
        foreach (var v in _root!.Vertices)
        {
            if (!_moved!.Contains(v)) all.Add(v);
        }
        all.AddRange(_order);
        return all;
    }

    private bool TryOut(TVertex v, out Dictionary<TVertex, TEdge>? edges) => TryLayer(_out, _root?._out, v, out edges);

    private bool TryIn(TVertex v, out Dictionary<TVertex, TEdge>? edges) => TryLayer(_in, _root?._in, v, out edges);

    private static bool TryLayer(Dictionary<TVertex, Dictionary<TVertex, TEdge>?> own, Dictionary<TVertex, Dictionary<TVertex, TEdge>?>? root,
        TVertex v, out Dictionary<TVertex, TEdge>? edges)
    {
        if (own.TryGetValue(v, out edges))
        {
            if (!ReferenceEquals(edges, Gone)) return true;
            edges = null;
            return false;
        }
        return root is not null && root.TryGetValue(v, out edges);
    }

    private Dictionary<TVertex, TEdge> MutableOut(TVertex v) => Mutable(_out, TryOut(v, out var o), o, v);

    private Dictionary<TVertex, TEdge> MutableIn(TVertex v) => Mutable(_in, TryIn(v, out var i), i, v);

    // The adjacency of v that this graph may change: created with the first edge, copied when it is shared.
    private Dictionary<TVertex, TEdge> Mutable(Dictionary<TVertex, Dictionary<TVertex, TEdge>?> own, bool found,
        Dictionary<TVertex, TEdge>? edges, TVertex v)
    {
        if (!found) throw new KeyNotFoundException($"{v} is not in the graph");
        if (edges is not null && (_owned is null || _owned.Contains(edges))) return edges;
        var mine = edges is null ? new Dictionary<TVertex, TEdge>(Comparer) : new Dictionary<TVertex, TEdge>(edges, Comparer);
        _owned?.Add(mine);
        own[v] = mine;
        return mine;
    }

    private void Writable()
    {
        if (_frozen) throw new InvalidOperationException("a graph that another was derived from cannot change; change the derived graph instead");
    }

    private void Changed()
    {
        Version++;
        _vertices = null;
    }
}
