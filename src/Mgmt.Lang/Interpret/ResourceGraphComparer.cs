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
        if (a.VertexCount != b.VertexCount || a.Bindings.Count != b.Bindings.Count || a.EdgeCount != b.EdgeCount) return false;
        var counterpart = Match(a, b);
        if (counterpart is null) return false;
        foreach (var (from, to, edge) in a.Edges())
        {
            if (!b.TryGetEdge(counterpart[from], counterpart[to], out var other) || other.Notify != edge.Notify) return false;
        }
        var bindings = b.Bindings.Select(x => (x.Sender, x.Key, x.Receiver, x.Param)).ToHashSet(new BindingComparer());
        return a.Bindings.All(x => bindings.Contains((counterpart[x.Sender], x.Key, counterpart[x.Receiver], x.Param)));
    }

    // Resources are matched by kind, name and hidden flag, in order for the (rare) repeated hidden ones.
    private static Dictionary<Resource, Resource>? Match(ResourceGraph a, ResourceGraph b)
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
            if (!r.SameAs(other)) return null;
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
