using System.Text.Json;

namespace Mgmt.Cli.FrontEnds.Puppet.Catalog;

/// <summary>
/// The ordering and refresh edges between the leaf resources of a catalog, with <c>puppet apply</c>'s semantics.
/// </summary>
/// <remarks>
/// Puppet gives every container (stage, class, defined type instance) two sentinels: one its contents wait for
/// and one that waits for its contents. A relationship to a container goes to its first sentinel, one from it
/// leaves its last, and containment links the sentinels to the contents, passing refresh events along: so
/// <c>A -> Class[b]</c> orders A before everything in b, <c>Class[b] ~> Service[s]</c> refreshes s when anything in
/// b changed, and an empty container still passes ordering through. Here the sentinels are built the same way and
/// then removed: each leaf is linked to the leaves it reaches through sentinels only, and the edge notifies when
/// some such path carries refresh events all the way.
/// </remarks>
internal sealed class CatalogRelationships
{
    private static readonly string[] Forward = ["before", "notify"];
    private static readonly string[] Backward = ["require", "subscribe"];

    private readonly Dictionary<string, List<(string To, bool Notify)>> _out = new(StringComparer.Ordinal);
    private readonly HashSet<string> _leaves = new(StringComparer.Ordinal);

    /// <summary>Edges between leaves: from, to, and whether the edge carries refresh events.</summary>
    public List<(string From, string To, bool Notify)> Edges { get; } = [];

    /// <summary>References that name no resource of the catalog, with the resource that made them.</summary>
    public List<(CatalogResource At, string Reference)> Unresolved { get; } = [];

    public static CatalogRelationships Build(CompiledCatalog catalog, CatalogIndex index)
    {
        var graph = new CatalogRelationships();
        graph.Populate(catalog, index);
        graph.Eliminate();
        return graph;
    }

    private static string Admissible(string container) => "\u0001admissible:" + container;

    private static string Completed(string container) => "\u0001completed:" + container;

    private void Populate(CompiledCatalog catalog, CatalogIndex index)
    {
        foreach (var r in catalog.Resources.Where(r => !r.IsContainer)) _leaves.Add(r.Ref);
        string Enter(string r) => _leaves.Contains(r) ? r : Admissible(r);
        string Leave(string r) => _leaves.Contains(r) ? r : Completed(r);

        var contents = catalog.Containment.GroupBy(e => e.Container).ToDictionary(g => g.Key, g => g.Select(e => e.Member).ToList(), StringComparer.Ordinal);
        foreach (var container in catalog.Resources.Where(r => r.IsContainer))
        {
            var members = contents.GetValueOrDefault(container.Ref) ?? [];
            if (members.Count == 0) Add(Admissible(container.Ref), Completed(container.Ref), notify: false);
            foreach (var m in members)
            {
                Add(Admissible(container.Ref), Enter(m), notify: true);
                Add(Leave(m), Completed(container.Ref), notify: true);
            }
        }
        foreach (var r in catalog.Resources)
        {
            foreach (var name in Forward.Concat(Backward))
            {
                if (!r.Parameters.TryGetValue(name, out var value)) continue;
                foreach (var text in References(value))
                {
                    if (index.Resolve(text) is not { } target)
                    {
                        Unresolved.Add((r, text));
                        continue;
                    }
                    var notify = name is "notify" or "subscribe";
                    if (Forward.Contains(name)) Add(Leave(r.Ref), Enter(target.Ref), notify);
                    else Add(Leave(target.Ref), Enter(r.Ref), notify);
                }
            }
        }
    }

    private void Add(string from, string to, bool notify)
    {
        if (!_out.TryGetValue(from, out var list)) _out[from] = list = [];
        list.Add((to, notify));
    }

    // From each leaf, walk through sentinels only; every leaf reached gets an edge.
    private void Eliminate()
    {
        var reached = new Dictionary<string, bool>(StringComparer.Ordinal);
        var stack = new Stack<(string Node, bool Notify)>();
        foreach (var leaf in _leaves)
        {
            reached.Clear();
            stack.Push((leaf, true));
            while (stack.Count > 0)
            {
                var (node, notify) = stack.Pop();
                foreach (var (to, edgeNotify) in _out.GetValueOrDefault(node) ?? [])
                {
                    var carried = notify && edgeNotify;
                    // A node seen with refresh needs no second look; one seen without it is looked at again with it.
                    if (reached.TryGetValue(to, out var seen) && (seen || !carried)) continue;
                    reached[to] = carried;
                    if (!_leaves.Contains(to)) stack.Push((to, carried));
                }
            }
            foreach (var (to, notify) in reached)
            {
                if (_leaves.Contains(to)) Edges.Add((leaf, to, notify));
            }
        }
    }

    /// <summary>The references in a relationship parameter: one string or a list of them.</summary>
    public static IEnumerable<string> References(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Array => value.EnumerateArray().SelectMany(References),
        _ => [],
    };
}
