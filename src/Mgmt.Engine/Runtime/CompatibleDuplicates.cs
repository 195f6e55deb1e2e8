using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Runtime;

/// <summary>
/// Folds duplicate declarations of one resource into one vertex when the kind allows it (<see cref="ICompatible"/>,
/// such as a package wanted "installed" in one place and "newest" in another): the first declaration adapts the
/// later ones and the merge takes the place of all of them, with their edges. Duplicates that cannot be merged
/// are left alone for validation to refuse. Hidden resources never merge (they may repeat freely).
/// </summary>
/// <remarks>
/// The language front end merges its own duplicates before the engine sees them; this is for graphs that get
/// their duplicates elsewhere (several front ends or collected exports feeding one graph).
/// </remarks>
internal static class CompatibleDuplicates
{
    /// <summary>
    /// Fills <paramref name="nodes"/> and <paramref name="index"/> from the graph's vertices, mapping every merged
    /// declaration to the index of its merge. <paramref name="adopt"/> prepares each vertex that is kept as it is.
    /// Returns true when anything was merged.
    /// </summary>
    public static bool Collect(IEnumerable<Resource> vertices, List<Resource> nodes, Dictionary<Resource, int> index, Func<Resource, Resource> adopt)
    {
        var firstVisible = new Dictionary<(string, string), int>();
        var merged = false;
        foreach (var original in vertices)
        {
            if (!original.Meta.Hidden)
            {
                var key = (original.Kind, original.Name);
                if (firstVisible.TryGetValue(key, out var at) && nodes[at] is ICompatible existing && original is ICompatible && existing.Adapts(original))
                {
                    nodes[at] = existing.Merge(original);
                    index[original] = at;
                    merged = true;
                    continue;
                }
                firstVisible.TryAdd(key, nodes.Count);
            }
            index[original] = nodes.Count;
            nodes.Add(adopt(original));
        }
        return merged;
    }

    /// <summary>
    /// The edges after merging: an edge between two merged declarations disappears, and parallel edges become one
    /// that notifies when any of them did.
    /// </summary>
    public static List<(int From, int To, Edge Edge)> Normalize(List<(int From, int To, Edge Edge)> edges)
    {
        var byEnds = new Dictionary<(int, int), Edge>();
        var order = new List<(int, int)>();
        foreach (var (from, to, edge) in edges)
        {
            if (from == to) continue;
            if (!byEnds.TryGetValue((from, to), out var seen))
            {
                byEnds[(from, to)] = edge;
                order.Add((from, to));
            }
            else if (edge.Notify && !seen.Notify)
            {
                byEnds[(from, to)] = new Edge(seen.Name, notify: true);
            }
        }
        return [.. order.Select(k => (k.Item1, k.Item2, byEnds[k]))];
    }
}
