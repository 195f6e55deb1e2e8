using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;

namespace Mgmt.Engine.AutoEdges;

/// <summary>
/// Adds the automatic edges: every <see cref="IEdgeable"/> resource's identities go into one hash index, then
/// each resource's seeks are looked up in it and matches are connected (match -> seeker, or the other way for a
/// reversed seek). An edge that would close a cycle is left out. Linear in the number of identities and seeks.
/// </summary>
internal static class AutoEdger
{
    /// <summary>Adds the edges and returns how many were added.</summary>
    public static int Run(WorkGraph graph, Func<int, bool> takesPart) => Run(graph, takesPart, out _);

    /// <summary>Adds the edges and returns how many were added; <paramref name="leftOut"/> counts those that would have closed a cycle.</summary>
    public static int Run(WorkGraph graph, Func<int, bool> takesPart, out int leftOut)
    {
        leftOut = 0;
        // Most identities belong to one resource: those go in the first map, the rare shared ones in the second.
        var owner = new Dictionary<ResourceUid, int>();
        var shared = new Dictionary<ResourceUid, List<int>>();
        for (var i = 0; i < graph.Nodes.Count; i++)
        {
            if (!takesPart(i) || graph.Nodes[i] is not IEdgeable edgeable) continue;
            foreach (var uid in edgeable.Uids())
            {
                if (owner.TryAdd(uid, i)) continue;
                if (owner[uid] == i) continue;
                if (!shared.TryGetValue(uid, out var list)) shared[uid] = list = [owner[uid]];
                if (!list.Contains(i)) list.Add(i);
            }
        }
        if (owner.Count == 0) return 0;
        var refused = 0;

        var added = 0;
        for (var i = 0; i < graph.Nodes.Count; i++)
        {
            if (!takesPart(i) || graph.Nodes[i] is not IEdgeable seeker) continue;
            foreach (var seek in seeker.AutoEdges())
            {
                var found = false;
                foreach (var candidate in seek.Candidates)
                {
                    if (!owner.TryGetValue(candidate, out var only)) continue;
                    if (shared.TryGetValue(candidate, out var all))
                    {
                        foreach (var match in all) Connect(graph, i, match, seek.Reversed, ref found, ref added, ref refused);
                    }
                    else
                    {
                        Connect(graph, i, only, seek.Reversed, ref found, ref added, ref refused);
                    }
                }
                if (found && seek.StopWhenFound) break;
            }
        }
        leftOut = refused;
        return added;
    }

    /// <summary><c>kind[name] -> kind[name]</c>, as front ends name edges, built in one allocation.</summary>
    internal static string EdgeName(Resource from, Resource to) =>
        string.Create(from.Kind.Length + from.Name.Length + to.Kind.Length + to.Name.Length + 8, (from, to), static (span, pair) =>
        {
            var at = 0;
            Append(span, ref at, pair.from.Kind);
            Append(span, ref at, "[");
            Append(span, ref at, pair.from.Name);
            Append(span, ref at, "] -> ");
            Append(span, ref at, pair.to.Kind);
            Append(span, ref at, "[");
            Append(span, ref at, pair.to.Name);
            Append(span, ref at, "]");
        });

    private static void Append(Span<char> span, ref int at, string text)
    {
        text.CopyTo(span[at..]);
        at += text.Length;
    }

    private static void Connect(WorkGraph graph, int seeker, int match, bool reversed, ref bool found, ref int added, ref int refused)
    {
        if (match == seeker) return;
        found = true;
        var (from, to) = reversed ? (seeker, match) : (match, seeker);
        if (graph.Dag.HasEdge(from, to)) return;
        var edge = new Edge(EdgeName(graph.Nodes[from], graph.Nodes[to]));
        var result = graph.Dag.TryAddEdge(from, to, edge);
        if (result == IncrementalDag.AddResult.Added) added++;
        else if (result == IncrementalDag.AddResult.WouldCycle) refused++;
    }
}
