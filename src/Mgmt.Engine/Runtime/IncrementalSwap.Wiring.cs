using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Runtime;

/// <summary>The edges of an incremental swap: only the vertices whose edges change get new edge lists.</summary>
internal sealed partial class IncrementalSwap
{
    // The new edge lists of the vertices whose edges change (new vertices, and running ones next to a change),
    // by resource; every other vertex keeps its lists as they are.
    private readonly Dictionary<Resource, Links> _links = new(ReferenceEqualityComparer.Instance);

    /// <summary>One edge of the new graph: the running edge kept as it is, or a new one (taking over a pending refresh).</summary>
    private readonly record struct Link(Edge Edge, RuntimeEdge? Reuse, RuntimeEdge? Inherit);

    private sealed class Links
    {
        public Dictionary<Resource, Link> Out { get; } = new(ReferenceEqualityComparer.Instance);
        public Dictionary<Resource, Link> In { get; } = new(ReferenceEqualityComparer.Instance);
    }

    /// <summary>Works out the new edges of the pairs that may have changed; false when one closes a cycle.</summary>
    private bool Wire(HashSet<(Resource, Resource)> pairs)
    {
        foreach (var v in Removed.Concat(Replaced))
        {
            foreach (var e in v.Parents)
            {
                if (IsSurviving(e.From.Resource)) Touch(e.From.Resource);
            }
            foreach (var e in v.Children)
            {
                if (IsSurviving(e.To.Resource)) Touch(e.To.Resource);
            }
        }
        foreach (var node in _enteringOrder) Touch(node);

        var added = new List<(Resource From, Resource To)>();
        foreach (var (from, to) in pairs)
        {
            if (ReferenceEquals(from, to)) return false; // a declared edge to itself: the full preparation refuses it
            var edge = Evaluate(from, to);
            var current = IsSurviving(from) && IsSurviving(to) ? CurrentEdge(from, to) : null;
            if (current is null && edge is null) continue;
            if (current is not null && edge is not null && current.Edge.Name == edge.Name && current.Edge.Notify == edge.Notify) continue;
            var (outs, ins) = (Touch(from).Out, Touch(to).In);
            if (edge is null)
            {
                outs.Remove(to);
                ins.Remove(from);
                continue;
            }
            outs[to] = ins[from] = new Link(edge, null, current);
            if (current is null) added.Add((from, to));
        }
        return !ClosesCycle(added);
    }

    /// <summary>The node's edge lists for the new graph, started from its running edges to vertices that stay.</summary>
    private Links Touch(Resource node)
    {
        if (_links.TryGetValue(node, out var links)) return links;
        _links[node] = links = new Links();
        if (!IsSurviving(node)) return links;
        var v = index.ByResource[node];
        foreach (var e in v.Children)
        {
            if (Stays(e.To)) links.Out[e.To.Resource] = new Link(e.Edge, e, null);
        }
        foreach (var e in v.Parents)
        {
            if (Stays(e.From)) links.In[e.From.Resource] = new Link(e.Edge, e, null);
        }
        return links;
    }

    private RuntimeEdge? CurrentEdge(Resource from, Resource to)
    {
        var (f, t) = (index.ByResource[from], index.ByResource[to]);
        if (f.Children.Length <= t.Parents.Length)
        {
            foreach (var e in f.Children)
            {
                if (ReferenceEquals(e.To, t)) return e;
            }
            return null;
        }
        foreach (var e in t.Parents)
        {
            if (ReferenceEquals(e.From, f)) return e;
        }
        return null;
    }

    /// <summary>
    /// True when one of the new edges closes a cycle: the running graph had none, so a cycle of the new graph
    /// goes through a new edge, whose target then reaches its source. A search that grows past a few times the
    /// graph's size counts as a cycle too: the full preparation is then no slower.
    /// </summary>
    private bool ClosesCycle(List<(Resource From, Resource To)> added)
    {
        var budget = 4 * (running.Count + _enteringOrder.Count) + 1024;
        var seen = new HashSet<Resource>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<Resource>();
        foreach (var (from, to) in added)
        {
            seen.Clear();
            stack.Clear();
            stack.Push(to);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (ReferenceEquals(node, from)) return true;
                if (--budget < 0) return true;
                foreach (var next in ChildrenOf(node))
                {
                    if (seen.Add(next)) stack.Push(next);
                }
            }
        }
        return false;
    }

    private IEnumerable<Resource> ChildrenOf(Resource node)
    {
        if (_links.TryGetValue(node, out var links)) return links.Out.Keys;
        return index.ByResource[node].Children.Select(e => e.To.Resource);
    }

    /// <summary>
    /// The kept vertices whose edges changed (a parent gone, replaced or new): a waiting one must look again. Read
    /// after <see cref="Materialize"/>.
    /// </summary>
    public IEnumerable<Vertex> Rewired()
    {
        foreach (var node in _links.Keys)
        {
            if (IsSurviving(node)) yield return index.ByResource[node];
        }
    }

    /// <summary>Gives the vertices whose edges changed their new edge lists; <paramref name="vertexOf"/> finds a resource's vertex.</summary>
    public void Materialize(Func<Resource, Vertex> vertexOf)
    {
        var created = new Dictionary<(Resource, Resource), RuntimeEdge>(PairComparer.Instance);
        RuntimeEdge EdgeOf(Resource from, Resource to, Link link)
        {
            if (link.Reuse is { } same) return same;
            if (created.TryGetValue((from, to), out var made)) return made;
            made = new RuntimeEdge(vertexOf(from), vertexOf(to), link.Edge);
            if (link.Inherit is { } old) made.InheritFrom(old);
            return created[(from, to)] = made;
        }
        foreach (var (node, links) in _links)
        {
            var v = vertexOf(node);
            v.Children = [.. links.Out.Select(kv => EdgeOf(node, kv.Key, kv.Value))];
            v.Parents = [.. links.In.Select(kv => EdgeOf(kv.Key, node, kv.Value))];
        }
    }

    /// <summary>Brings the index up to date with the published swap; <paramref name="created"/> holds the new vertices.</summary>
    public void UpdateIndex(Dictionary<Resource, Vertex> created)
    {
        foreach (var v in Removed.Concat(Replaced))
        {
            index.ByResource.Remove(v.Resource);
            index.Declared.Remove(v.Resource);
        }
        foreach (var (node, v) in created)
        {
            index.ByResource[node] = v;
            SetDeclared(node);
        }
        foreach (var node in _declaredChanged) SetDeclared(node);
        UpdateInputs();
    }

    // The committed graph's object of each running resource, where it is not the resource itself.
    private void UpdateInputs()
    {
        if (delta is null)
        {
            // The walk compared every such object: they are all in _inputOf.
            if (index.TooManyInputs(_inputOf.Count))
            {
                (index.Inputs, index.Nodes) = (null, null);
                return;
            }
            index.Inputs = new Dictionary<Resource, Resource>(ReferenceEqualityComparer.Instance);
            index.Nodes = new Dictionary<Resource, Resource>(ReferenceEqualityComparer.Instance);
        }
        else
        {
            foreach (var r in delta.RemovedVertices)
            {
                if (index.Nodes!.Remove(r, out var node) && index.Inputs!.TryGetValue(node, out var was) && ReferenceEquals(was, r)) index.Inputs.Remove(node);
            }
            foreach (var v in Removed.Concat(Replaced))
            {
                if (index.Inputs!.Remove(v.Resource, out var input)) index.Nodes!.Remove(input);
            }
        }
        var (inputs, nodes) = (index.Inputs!, index.Nodes!);
        foreach (var (node, input) in _inputOf)
        {
            if (inputs.Remove(node, out var was)) nodes.Remove(was);
            if (ReferenceEquals(node, input)) continue;
            inputs[node] = input;
            nodes[input] = node;
        }
        index.LimitInputs();
    }

    private void SetDeclared(Resource node)
    {
        var edges = graph.OutgoingOf(InputOf(node));
        if (edges.Count == 0) index.Declared.Remove(node);
        else index.Declared[node] = SwapIndex.DeclaredOf(edges);
    }
}
