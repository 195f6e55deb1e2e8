using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Runtime;

/// <summary>
/// The difference between the running graph and a prepared new one: which running vertices are kept (same kind,
/// name, parameters, meta, group members and send/recv bindings), and which are removed or replaced. Deciding
/// this touches nothing; <see cref="Engine"/> carries it out.
/// </summary>
internal sealed class SwapPlan
{
    private SwapPlan(Vertex?[] kept, List<Vertex> removed, List<Vertex> replaced, string[]?[] signatures, int added)
    {
        Kept = kept;
        Removed = removed;
        Replaced = replaced;
        Signatures = signatures;
        Added = added;
    }

    /// <summary>For each node of the new graph, the running vertex that stays in its place, or null.</summary>
    public Vertex?[] Kept { get; }

    /// <summary>Running vertices whose resource is not in the new graph.</summary>
    public List<Vertex> Removed { get; }

    /// <summary>Running vertices whose resource is in the new graph in a different form (or to be restarted).</summary>
    public List<Vertex> Replaced { get; }

    /// <summary>For each node, its send/recv bindings in comparable form (null when it receives nothing).</summary>
    public string[]?[] Signatures { get; }

    public int Added { get; }

    public int KeptCount => Kept.Count(v => v is not null);

    public bool ChangesAnything => Added > 0 || Removed.Count > 0 || Replaced.Count > 0;

    private static int s_marks;

    /// <summary>A fresh mark for <see cref="Vertex.PlanMark"/>.</summary>
    public static int NextMark() => Interlocked.Increment(ref s_marks);

    public static SwapPlan Build(WorkGraph graph, IReadOnlyDictionary<VertexKey, Vertex> running)
    {
        var signatures = SignaturesOf(graph);
        var kept = new Vertex?[graph.Nodes.Count];
        var replaced = new List<Vertex>();
        var added = 0;
        // Marks instead of a set of vertices: hashing a vertex by identity writes a hash code into its object
        // header, and a header with a hash code needs a sync block (with a lock object) for the vertex's lock.
        var mark = NextMark();
        foreach (var i in graph.Live())
        {
            var r = graph.Nodes[i];
            if (!running.TryGetValue(VertexKey.Of(r), out var old))
            {
                added++;
                continue;
            }
            old.PlanMark = mark;
            if (Matches(old, r, signatures[i] ?? []) && !(old.IsFailed && r.Meta.Rewatch)) kept[i] = old;
            else replaced.Add(old);
        }
        var removed = new List<Vertex>();
        foreach (var v in running.Values)
        {
            if (v.PlanMark != mark) removed.Add(v);
        }
        return new SwapPlan(kept, removed, replaced, signatures, added);
    }

    private static bool Matches(Vertex old, Resource r, string[] signature)
    {
        if (old.Resource.GroupedMembers.Count != r.GroupedMembers.Count || !Same(old.PristineOf(0), r)) return false;
        for (var k = 0; k < r.GroupedMembers.Count; k++)
        {
            if (!Same(old.PristineOf(k + 1), r.GroupedMembers[k])) return false;
        }
        return old.BindingSignature.AsSpan().SequenceEqual(signature);
    }

    internal static bool Same(Resource running, Resource next) =>
        running.GetType() == next.GetType() && running.Meta.Equals(next.Meta) && running.SameAs(next);

    private static string[]?[] SignaturesOf(WorkGraph graph)
    {
        var result = new string[]?[graph.Nodes.Count];
        if (graph.Bindings.Count == 0) return result;
        var index = new Dictionary<Resource, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < graph.Nodes.Count; i++) index[graph.Nodes[i]] = i;
        foreach (var group in graph.Bindings.GroupBy(b => index[b.Receiver.GroupParent ?? b.Receiver]))
        {
            result[group.Key] = [.. group
                .Select(b => $"{b.Sender}.{b.Key} -> {b.Receiver}.{b.Param}")
                .Order(StringComparer.Ordinal)];
        }
        return result;
    }
}
