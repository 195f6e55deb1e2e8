namespace Mgmt.Engine.Graph;

/// <summary>
/// A directed graph with at most one edge per ordered pair of vertices. Vertices keep insertion order so
/// that everything derived from the graph is deterministic. Not thread-safe: build it, then share it read-only.
/// </summary>
public class Digraph<TVertex, TEdge>
    where TVertex : notnull
{
    // A vertex's adjacency is allocated with its first edge: large graphs are mostly sparse, and an empty
    // dictionary per vertex and direction would be most of their memory.
    private static readonly Dictionary<TVertex, TEdge> NoEdges = [];
    private readonly Dictionary<TVertex, Dictionary<TVertex, TEdge>?> _out;
    private readonly Dictionary<TVertex, Dictionary<TVertex, TEdge>?> _in;
    private readonly List<TVertex> _order = [];

    public Digraph(IEqualityComparer<TVertex>? comparer = null)
    {
        Comparer = comparer ?? EqualityComparer<TVertex>.Default;
        _out = new Dictionary<TVertex, Dictionary<TVertex, TEdge>?>(Comparer);
        _in = new Dictionary<TVertex, Dictionary<TVertex, TEdge>?>(Comparer);
    }

    public IEqualityComparer<TVertex> Comparer { get; }

    public int VertexCount => _out.Count;

    public int EdgeCount => _out.Values.Sum(d => d?.Count ?? 0);

    /// <summary>The vertices in insertion order.</summary>
    public IReadOnlyList<TVertex> Vertices => _order.Count == _out.Count ? _order : Compact();

    public bool Contains(TVertex v) => _out.ContainsKey(v);

    /// <summary>Adds a vertex; adding one that exists does nothing.</summary>
    public bool AddVertex(TVertex v)
    {
        if (!_out.TryAdd(v, null)) return false;
        _in[v] = null;
        _order.Add(v);
        return true;
    }

    /// <summary>Adds (or replaces) the edge from <paramref name="from"/> to <paramref name="to"/>, adding missing vertices.</summary>
    public void AddEdge(TVertex from, TVertex to, TEdge edge)
    {
        AddVertex(from);
        AddVertex(to);
        (_out[from] ??= new Dictionary<TVertex, TEdge>(Comparer))[to] = edge;
        (_in[to] ??= new Dictionary<TVertex, TEdge>(Comparer))[from] = edge;
    }

    public bool RemoveEdge(TVertex from, TVertex to) =>
        _out.TryGetValue(from, out var o) && o is not null && o.Remove(to) && _in[to]!.Remove(from);

    public bool RemoveVertex(TVertex v)
    {
        if (!_out.Remove(v, out var outs)) return false;
        _in.Remove(v, out var ins);
        foreach (var to in (outs ?? NoEdges).Keys) _in[to]!.Remove(v);
        foreach (var from in (ins ?? NoEdges).Keys) _out[from]!.Remove(v);
        return true;
    }

    public bool TryGetEdge(TVertex from, TVertex to, out TEdge edge)
    {
        edge = default!;
        return _out.TryGetValue(from, out var o) && o is not null && o.TryGetValue(to, out edge!);
    }

    /// <summary>Vertices that <paramref name="v"/> has edges to, with those edges.</summary>
    public IReadOnlyDictionary<TVertex, TEdge> OutgoingOf(TVertex v) => _out[v] ?? NoEdges;

    /// <summary>Vertices that have edges to <paramref name="v"/>, with those edges.</summary>
    public IReadOnlyDictionary<TVertex, TEdge> IncomingOf(TVertex v) => _in[v] ?? NoEdges;

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
        foreach (var v in Vertices) indegree[v] = _in[v]?.Count ?? 0;
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

    private List<TVertex> Compact()
    {
        _order.RemoveAll(v => !_out.ContainsKey(v));
        return _order;
    }
}
