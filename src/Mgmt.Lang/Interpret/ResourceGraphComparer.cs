using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;

namespace Mgmt.Lang.Interpret;

/// <summary>
/// Tells whether two resource graphs ask for the same thing (same resources with the same parameters, same edges,
/// same send/recv bindings), so that a table of values that changed without changing the graph is not handed to
/// the engine again.
/// </summary>
internal static class ResourceGraphComparer
{
    public static bool Same(ResourceGraph? a, ResourceGraph? b)
    {
        if (a is null || b is null) return ReferenceEquals(a, b);
        // Derived from a: told from the record of changes alone, without a walk of the unchanged resources.
        if (b.IsDerivedFrom(a) && b.Changes() is { } changes && SameBindings(a, b) && SameChanges(a, b, changes) is { } told) return told;
        if (a.VertexCount != b.VertexCount || a.Bindings.Count != b.Bindings.Count || a.EdgeCount != b.EdgeCount) return false;
        var counterparts = Match(a, b);
        if (counterparts is null) return false;
        Resource Counterpart(Resource r) => counterparts.GetValueOrDefault(r, r);
        foreach (var (from, to, edge) in a.Edges())
        {
            if (!b.TryGetEdge(Counterpart(from), Counterpart(to), out var other) || other.Notify != edge.Notify) return false;
        }
        if (a.Bindings.Count == 0) return true;
        var bindings = b.Bindings.Select(x => (x.Sender, x.Key, x.Receiver, x.Param)).ToHashSet(new BindingComparer());
        return a.Bindings.All(x => bindings.Contains((Counterpart(x.Sender), x.Key, Counterpart(x.Receiver), x.Param)));
    }

    // The removed resources must come back as equal ones under the same key, and every changed pair must have the
    // same edge on both sides once those are matched; everything else is shared by the two graphs. Null when a key
    // is removed twice (repeated hidden resources): the whole comparison decides then.
    private static bool? SameChanges(ResourceGraph a, ResourceGraph b, GraphChanges<Resource, Edge> changes)
    {
        if (changes.IsEmpty) return true;
        if (changes.AddedVertices.Count != changes.RemovedVertices.Count) return false;
        var removed = new Dictionary<(string, string, bool), Resource>();
        foreach (var r in changes.RemovedVertices)
        {
            if (!removed.TryAdd((r.Kind, r.Name, r.Meta.Hidden), r)) return null;
        }
        var toB = new Dictionary<Resource, Resource>(ReferenceEqualityComparer.Instance);
        var toA = new Dictionary<Resource, Resource>(ReferenceEqualityComparer.Instance);
        foreach (var r in changes.AddedVertices)
        {
            if (!removed.Remove((r.Kind, r.Name, r.Meta.Hidden), out var old) || !old.SameAs(r)) return false;
            (toB[old], toA[r]) = (r, old);
        }
        foreach (var (from, to) in changes.ChangedEdges)
        {
            if (a.TryGetEdge(from, to, out var ea) &&
                (!b.TryGetEdge(toB.GetValueOrDefault(from, from), toB.GetValueOrDefault(to, to), out var eb) || eb.Notify != ea.Notify)) return false;
            if (b.TryGetEdge(from, to, out var e2) &&
                (!a.TryGetEdge(toA.GetValueOrDefault(from, from), toA.GetValueOrDefault(to, to), out var e1) || e1.Notify != e2.Notify)) return false;
        }
        return true;
    }

    private static bool SameBindings(ResourceGraph a, ResourceGraph b)
    {
        if (a.Bindings.Count != b.Bindings.Count) return false;
        for (var i = 0; i < a.Bindings.Count; i++)
        {
            if (!a.Bindings[i].Equals(b.Bindings[i])) return false;
        }
        return true;
    }

    // The counterpart in b of each resource of a that is not itself in b (the same object is its own counterpart),
    // or null when some resource has none. Resources are matched by kind, name and hidden flag, in order for the
    // (rare) repeated hidden ones. The interpreter lists resources in program order and hands out unchanged ones
    // as the same objects, so the two lists are first walked side by side: the first resource that differs ends
    // it without building an index.
    private static Dictionary<Resource, Resource>? Match(ResourceGraph a, ResourceGraph b)
    {
        var result = new Dictionary<Resource, Resource>(ReferenceEqualityComparer.Instance);
        var (va, vb) = (a.Vertices, b.Vertices);
        for (var i = 0; i < va.Count; i++)
        {
            var (x, y) = (va[i], vb[i]);
            if (ReferenceEquals(x, y)) continue;
            if (x.Kind != y.Kind || x.Name != y.Name || x.Meta.Hidden != y.Meta.Hidden) return MatchByKey(a, b);
            if (!x.SameAs(y)) return null;
            result[x] = y;
        }
        return result;
    }

    private static Dictionary<Resource, Resource>? MatchByKey(ResourceGraph a, ResourceGraph b)
    {
        var byKey = new Dictionary<(string, string, bool), Queue<Resource>>();
        foreach (var r in b.Vertices)
        {
            var key = (r.Kind, r.Name, r.Meta.Hidden);
            if (!byKey.TryGetValue(key, out var q)) byKey[key] = q = new Queue<Resource>();
            q.Enqueue(r);
        }
        var result = new Dictionary<Resource, Resource>(ReferenceEqualityComparer.Instance);
        foreach (var r in a.Vertices)
        {
            if (!byKey.TryGetValue((r.Kind, r.Name, r.Meta.Hidden), out var q) || !q.TryDequeue(out var other)) return null;
            if (!ReferenceEquals(r, other) && !r.SameAs(other)) return null;
            result[r] = other;
        }
        return result;
    }

    private sealed class BindingComparer : IEqualityComparer<(Resource, string, Resource, string)>
    {
        public bool Equals((Resource, string, Resource, string) x, (Resource, string, Resource, string) y) =>
            ReferenceEquals(x.Item1, y.Item1) && x.Item2 == y.Item2 && ReferenceEquals(x.Item3, y.Item3) && x.Item4 == y.Item4;

        public int GetHashCode((Resource, string, Resource, string) obj) => HashCode.Combine(
            System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item1), obj.Item2,
            System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item3), obj.Item4);
    }
}
