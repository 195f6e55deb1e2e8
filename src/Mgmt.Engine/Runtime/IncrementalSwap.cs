using Mgmt.Engine.AutoEdges;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Microsoft.Extensions.Logging;

namespace Mgmt.Engine.Runtime;

/// <summary>
/// A graph swap worked out from the difference with the running graph instead of the whole new graph. A resource
/// object that is the running one (the front end handed the same object again) is kept as it is: not validated,
/// compared, matched for automatic edges or rewired again. Only the other resources are prepared: validated,
/// compared with the running resource of their kind and name, matched against the automatic-edge index kept from
/// the last swap (<see cref="SwapIndex"/>); the resources that seek an identity that came or went are matched
/// again; the edges around what changed are worked out and checked for cycles from the new edges only.
/// </summary>
/// <remarks>
/// Whenever the outcome could differ from the full preparation (<see cref="GraphPreparer"/>), <see cref="TryPlan"/>
/// says so and the engine prepares the whole graph instead: duplicates (merged or refused there), send/recv,
/// pending reversals, anything that could be grouped, an edge that closes a cycle (refused, or an automatic edge
/// left out, depending on the order), or a search for cycles that grows past the graph's size.
/// <para>
/// With <c>delta</c>, the change record of a graph derived from the one the running graph was made from
/// (<see cref="Digraph{TVertex, TEdge}.Derive"/>), not even the whole graph is walked: every running vertex stays
/// unless the record removes its resource, and only the added resources, the sources of changed edges and the failed
/// vertices to restart are looked at. The result is the one the walk would give: the running graph is the committed
/// graph prepared, so a resource the record does not name would be kept by the walk too.
/// </para>
/// </remarks>
internal sealed partial class IncrementalSwap(Engine engine, ILogger log, ResourceGraph graph, RunningGraph running, SwapIndex index,
    GraphChanges<Resource, Edge>? delta)
{
    private readonly int _mark = SwapPlan.NextMark();
    private readonly int _replacedMark = SwapPlan.NextMark();
    private readonly int _removedMark = SwapPlan.NextMark(); // with a change record: removed unless a new resource takes its place
    private readonly List<Vertex> _leaving = []; // with a change record: the vertices of the removed resources
    private readonly Dictionary<Resource, Resource> _nodeOf = new(ReferenceEqualityComparer.Instance); // changed input -> node
    private readonly Dictionary<Resource, Resource> _inputOf = new(ReferenceEqualityComparer.Instance); // node -> its input, when not itself
    private readonly Dictionary<Resource, Vertex?> _entering = new(ReferenceEqualityComparer.Instance); // new node -> the vertex it replaces
    private readonly List<Resource> _enteringOrder = [];
    private readonly Dictionary<VertexKey, Resource> _enteringByKey = [];
    private readonly List<Resource> _declaredChanged = []; // kept nodes whose declared edges changed
    private List<Resource> _changed = []; // the inputs that are not running objects, in graph order

    /// <summary>True when <paramref name="r"/> takes part in automatic grouping.</summary>
    public static bool Groups(Resource r) => r is IGroupable && r.Meta is { AutoGroup: true, Hidden: false };

    public List<Vertex> Removed { get; } = [];

    public List<Vertex> Replaced { get; } = [];

    public int Kept { get; private set; }

    /// <summary>The new resources in graph order, each with the vertex it replaces (null when added).</summary>
    public IEnumerable<(Resource Node, Vertex? Replaces)> Entering => _enteringOrder.Select(r => (r, _entering[r]));

    public int Added => _enteringOrder.Count - Replaced.Count;

    public bool ChangesAnything => _enteringOrder.Count > 0 || Removed.Count > 0;

    /// <summary>True when planned from the graph's change record alone.</summary>
    public bool FromDelta => delta is not null;

    /// <summary>
    /// Works out the swap. False: the whole graph must be prepared instead (nothing has changed, but the index
    /// may have; the caller then drops it when <see cref="IndexTouched"/>). Throws <see cref="GraphException"/> for
    /// an invalid new resource, as the full preparation would.
    /// </summary>
    public bool TryPlan()
    {
        if (graph.Bindings.Count > 0) return Refuse("the graph has send/recv bindings");
        if (!(delta is null ? Classify() : ClassifyDelta(delta))) return false;
        if (!ReversalsAllow()) return Refuse("a pending reversal may have to be injected");
        PrepareChanged();
        if (delta is not null)
        {
            foreach (var v in _leaving)
            {
                if (v.PlanMark == _removedMark) Removed.Add(v);
            }
            Kept = running.Count - Removed.Count - Replaced.Count;
            DeclaredChangesOf(delta);
        }
        else if (Kept + Replaced.Count != running.Count)
        {
            // Every running vertex is kept or replaced unless some went: then look for them.
            foreach (var v in running.Order)
            {
                if (v.PlanMark != _mark && v.PlanMark != _replacedMark) Removed.Add(v);
            }
        }
        var pairs = engine.Options.AutoEdges ? AutoEdgePairs() : new HashSet<(Resource, Resource)>(PairComparer.Instance);
        AddDeclaredPairs(pairs);
        return Wire(pairs) || Refuse("a new edge may close a cycle");
    }

    /// <summary>Why the last <see cref="TryPlan"/> gave up, for the debug log.</summary>
    public string Reason { get; private set; } = "";

    private bool Refuse(string reason)
    {
        Reason = reason;
        return false;
    }

    /// <summary>True once the automatic-edge index was changed for this swap.</summary>
    public bool IndexTouched { get; private set; }

    // Sorts the new graph's resources into kept (the running object itself) and changed ones; false on a duplicate.
    private bool Classify()
    {
        var changed = new List<Resource>();
        foreach (var r in graph.Vertices)
        {
            if (index.ByResource.TryGetValue(r, out var v) && !(v.IsFailed && r.Meta.Rewatch))
            {
                v.PlanMark = _mark;
                Kept++;
                if (!SameDeclared(graph.OutgoingOf(r), index.Declared.GetValueOrDefault(r))) _declaredChanged.Add(r);
                continue;
            }
            changed.Add(r);
        }
        var keys = new HashSet<VertexKey>();
        foreach (var c in changed)
        {
            var key = VertexKey.Of(c);
            if (!keys.Add(key) || (running.ByKey.TryGetValue(key, out var old) && old.PlanMark == _mark)) return Refuse($"{c} is in the graph twice");
            if (engine.Options.AutoGroup && Groups(c)) return Refuse($"{c} could be grouped");
        }
        _changed = changed;
        return true;
    }

    // ClassifyDelta: the running vertices of the removed resources may go, the added resources are the changed ones
    // (unless one is a running object handed back), and so are the failed vertices that Meta:rewatch restarts.
    private bool ClassifyDelta(GraphChanges<Resource, Edge> changes)
    {
        foreach (var r in changes.RemovedVertices)
        {
            if (!index.ByResource.TryGetValue(NodeOf(r), out var v)) return Refuse($"{r} left the graph but does not run");
            v.PlanMark = _removedMark;
            _leaving.Add(v);
        }
        var changed = new List<Resource>();
        var inChanged = new HashSet<Resource>(ReferenceEqualityComparer.Instance);
        foreach (var r in changes.AddedVertices)
        {
            if (index.ByResource.TryGetValue(r, out var v) && !(v.IsFailed && r.Meta.Rewatch))
            {
                // A running object back in the graph: its stand-in (an equal object) must have left, or it is there twice.
                if (v.PlanMark != _removedMark) return Refuse($"{r} is in the graph twice");
                v.PlanMark = _mark;
                _inputOf[r] = r;
                if (!SameDeclared(graph.OutgoingOf(r), index.Declared.GetValueOrDefault(r))) _declaredChanged.Add(r);
                continue;
            }
            changed.Add(r);
            inChanged.Add(r);
        }
        foreach (var v in engine.FailedRunning(v => index.ByResource.TryGetValue(v.Resource, out var same) && ReferenceEquals(same, v)))
        {
            if (!Stays(v)) continue;
            var input = InputOf(v.Resource);
            // The walk hands a stand-in to the comparison anyway, and the running object itself when it rewatches.
            if ((ReferenceEquals(input, v.Resource) && !v.Resource.Meta.Rewatch) || !inChanged.Add(input)) continue;
            changed.Add(input);
        }
        var keys = new HashSet<VertexKey>();
        foreach (var c in changed)
        {
            var key = VertexKey.Of(c);
            if (!keys.Add(key) || (running.ByKey.TryGetValue(key, out var old) && Stays(old) && !ReferenceEquals(InputOf(old.Resource), c)))
            {
                return Refuse($"{c} is in the graph twice");
            }
            if (engine.Options.AutoGroup && Groups(c)) return Refuse($"{c} could be grouped");
        }
        _changed = changed;
        return true;
    }

    // With a change record: the staying resources whose declared edges the record changed (the new ones and those
    // compared with a running one were looked at already).
    private void DeclaredChangesOf(GraphChanges<Resource, Edge> changes)
    {
        foreach (var (from, _) in changes.ChangedEdges)
        {
            if (_nodeOf.ContainsKey(from) || !graph.Contains(from)) continue;
            var node = NodeOf(from);
            if (!IsSurviving(node) || _declaredChanged.Contains(node)) continue;
            if (!SameDeclared(graph.OutgoingOf(from), index.Declared.GetValueOrDefault(node))) _declaredChanged.Add(node);
        }
    }

    // A pending reversal whose resource is not in the new graph is injected by the full preparation.
    private bool ReversalsAllow()
    {
        var (pending, unreadable) = engine.ReversalStore.Load(engine.FindKind);
        foreach (var bad in unreadable) EngineLog.ReversalUnreadable(log, bad.Path, bad.Problem);
        foreach (var p in pending)
        {
            var key = new VertexKey(p.ForKind, p.ForName, false);
            var present = (running.ByKey.TryGetValue(key, out var v) && Stays(v)) || _changed.Any(c => VertexKey.Of(c) == key);
            if (!present) return false;
        }
        return true;
    }

    // Compares the changed resources with the running ones of their kind and name, and validates those that differ
    // (one equal to a running resource is as valid as it).
    private void PrepareChanged()
    {
        var preparer = new GraphPreparer(engine, log);
        var sema = preparer.Sema;
        foreach (var input in _changed)
        {
            var node = preparer.Adopt(input);
            preparer.ApplyGlobalMeta(node, sema);
            var key = VertexKey.Of(node);
            running.ByKey.TryGetValue(key, out var old);
            if (old is not null)
            {
                if (old.Resource.GroupedMembers.Count == 0 && SwapPlan.Same(old.PristineOf(0), node) && !(old.IsFailed && node.Meta.Rewatch))
                {
                    old.PlanMark = _mark;
                    Kept++;
                    _nodeOf[input] = old.Resource;
                    _inputOf[old.Resource] = input;
                    if (!SameDeclared(graph.OutgoingOf(input), index.Declared.GetValueOrDefault(old.Resource))) _declaredChanged.Add(old.Resource);
                    continue;
                }
                old.PlanMark = _replacedMark;
                Replaced.Add(old);
            }
            _nodeOf[input] = node;
            if (!ReferenceEquals(input, node)) _inputOf[node] = input;
            _entering[node] = old;
            _enteringOrder.Add(node);
            _enteringByKey[key] = node;
        }
        GraphPreparer.ValidateAll(_enteringOrder);
        foreach (var node in _enteringOrder) engine.KnowKind(node);
    }

    /// <summary>The pairs whose automatic edges may have changed, after updating the index with the difference.</summary>
    private HashSet<(Resource, Resource)> AutoEdgePairs()
    {
        var pairs = new HashSet<(Resource, Resource)>(PairComparer.Instance);
        if (_enteringOrder.Count == 0 && Removed.Count == 0 && Replaced.Count == 0) return pairs;
        var auto = index.EnsureAutoEdges();
        var leaving = Removed.Concat(Replaced).Select(v => v.Resource).ToList();
        var affected = new HashSet<Resource>(ReferenceEqualityComparer.Instance);
        foreach (var r in leaving) auto.SeekersOf(r, affected);
        foreach (var r in _enteringOrder) auto.SeekersOf(r, affected);
        affected.RemoveWhere(r => !IsSurviving(r));
        // The edges they made before the change, then the index changes, then the edges they make now.
        foreach (var a in affected) AddAlive(pairs, auto.Produce(a));
        IndexTouched = true;
        foreach (var r in leaving) auto.Remove(r);
        foreach (var r in _enteringOrder) auto.Add(r);
        foreach (var a in affected) AddAlive(pairs, Produced(a));
        foreach (var r in _enteringOrder) AddAlive(pairs, Produced(r));
        return pairs;
    }

    private readonly Dictionary<Resource, HashSet<(Resource, Resource)>> _produced = new(ReferenceEqualityComparer.Instance);

    /// <summary>The automatic edges <paramref name="seeker"/> makes with the updated index.</summary>
    private HashSet<(Resource, Resource)> Produced(Resource seeker)
    {
        if (_produced.TryGetValue(seeker, out var known)) return known;
        var made = new HashSet<(Resource, Resource)>(PairComparer.Instance);
        if (engine.Options.AutoEdges)
        {
            foreach (var pair in index.EnsureAutoEdges().Produce(seeker)) made.Add(pair);
        }
        return _produced[seeker] = made;
    }

    private void AddAlive(HashSet<(Resource, Resource)> pairs, IEnumerable<(Resource From, Resource To)> made)
    {
        foreach (var pair in made)
        {
            if (IsAlive(pair.From) && IsAlive(pair.To)) pairs.Add(pair);
        }
    }

    /// <summary>The declared edges of new resources, and the old and new declared edges of kept ones whose declarations changed.</summary>
    private void AddDeclaredPairs(HashSet<(Resource, Resource)> pairs)
    {
        foreach (var node in _enteringOrder)
        {
            var input = InputOf(node);
            foreach (var to in graph.OutgoingOf(input).Keys) pairs.Add((node, NodeOf(to)));
            foreach (var from in graph.IncomingOf(input).Keys) pairs.Add((NodeOf(from), node));
        }
        foreach (var node in _declaredChanged)
        {
            foreach (var old in index.Declared.GetValueOrDefault(node) ?? [])
            {
                if (NodeByKey(old.To) is { } to) pairs.Add((node, to));
            }
            foreach (var to in graph.OutgoingOf(InputOf(node)).Keys) pairs.Add((node, NodeOf(to)));
        }
    }

    /// <summary>The edge the new graph has between two of its resources, or null.</summary>
    private Edge? Evaluate(Resource from, Resource to)
    {
        if (graph.TryGetEdge(InputOf(from), InputOf(to), out var declared)) return declared;
        if (!engine.Options.AutoEdges) return null;
        if (Produced(to).Contains((from, to)) || Produced(from).Contains((from, to))) return new Edge(AutoEdger.EdgeName(from, to));
        return null;
    }

    // With a change record, the graph's resources that the record does not name are the committed graph's: the
    // index knows the running resource of those that are not running objects themselves.
    private Resource InputOf(Resource node) =>
        _inputOf.GetValueOrDefault(node) ?? (delta is null ? null : index.Inputs!.GetValueOrDefault(node)) ?? node;

    private Resource NodeOf(Resource input) =>
        _nodeOf.GetValueOrDefault(input) ?? (delta is null ? null : index.Nodes!.GetValueOrDefault(input)) ?? input;

    private Resource? NodeByKey(VertexKey key)
    {
        if (_enteringByKey.TryGetValue(key, out var node)) return node;
        return running.ByKey.TryGetValue(key, out var v) && Stays(v) ? v.Resource : null;
    }

    /// <summary>
    /// True when the running vertex <paramref name="v"/> stays: the walk marks the ones it keeps; with a change
    /// record every one stays unless marked to go.
    /// </summary>
    private bool Stays(Vertex v) => v.PlanMark == _mark || (delta is not null && v.PlanMark != _removedMark && v.PlanMark != _replacedMark);

    /// <summary>A running resource that stays, in its running vertex.</summary>
    private bool IsSurviving(Resource r) => index.ByResource.TryGetValue(r, out var v) && Stays(v);

    /// <summary>True when <paramref name="v"/> keeps running in the new graph.</summary>
    public bool Keeps(Vertex v) => Stays(v);

    /// <summary>True when <paramref name="v"/> is replaced by a new vertex of the same kind and name.</summary>
    public bool IsReplaced(Vertex v) => v.PlanMark == _replacedMark;

    /// <summary>The new resource that takes the place of <paramref name="old"/>.</summary>
    public Resource ReplacementOf(Vertex old) => _enteringByKey[old.Key];

    private bool IsAlive(Resource r) => _entering.ContainsKey(r) || IsSurviving(r);

    private static bool SameDeclared(IReadOnlyDictionary<Resource, Edge> edges, DeclaredEdge[]? before)
    {
        if (before is null) return edges.Count == 0;
        if (edges.Count != before.Length) return false;
        // Front ends usually build the graph in the same order: try position by position first.
        var k = 0;
        var inOrder = true;
        foreach (var (to, edge) in edges)
        {
            var was = before[k++];
            if (was.Name != edge.Name || was.Notify != edge.Notify || was.To != VertexKey.Of(to))
            {
                inOrder = false;
                break;
            }
        }
        if (inOrder) return true;
        var set = new HashSet<DeclaredEdge>(before);
        return SwapIndex.DeclaredOf(edges).All(set.Contains);
    }

    /// <summary>Pairs of resources compared by identity.</summary>
    private sealed class PairComparer : IEqualityComparer<(Resource, Resource)>
    {
        public static readonly PairComparer Instance = new();

        public bool Equals((Resource, Resource) a, (Resource, Resource) b) =>
            ReferenceEquals(a.Item1, b.Item1) && ReferenceEquals(a.Item2, b.Item2);

        public int GetHashCode((Resource, Resource) p) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(p.Item1), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(p.Item2));
    }
}
