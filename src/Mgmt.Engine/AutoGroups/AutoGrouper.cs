using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;

namespace Mgmt.Engine.AutoGroups;

/// <summary>
/// Folds compatible resources into one vertex whose CheckApply handles them all (one package transaction
/// instead of twenty). A resource joins an earlier leader of its own kind, or of a parent kind
/// (<c>http:server:file</c> into <c>http:server</c>), when the leader accepts it
/// (<see cref="IGroupable.CanGroupWith"/>) and neither reaches the other in the graph, which is exactly what
/// keeps the graph acyclic. Reachability is answered by the graph's maintained topological order, which bounds
/// every search.
/// </summary>
/// <remarks>
/// Trying every earlier resource would be quadratic. Instead each kind keeps the latest leaders that already formed a
/// group and the latest resources that have not; a resource is offered to a
/// bounded number of them, and gives up after a few leaders it depends on (or that depend on it). Missing a
/// possible group costs a little efficiency, never correctness.
/// </remarks>
internal static class AutoGrouper
{
    private const int GroupsKept = 64;
    private const int SinglesKept = 16;
    private const int ReachabilityTries = 8;

    /// <summary>Groups what can be grouped and returns how many resources joined a group.</summary>
    public static int Run(WorkGraph graph, Func<int, bool> takesPart)
    {
        var leaders = new Dictionary<string, Leaders>(StringComparer.Ordinal);
        var grouped = 0;
        foreach (var i in CandidateOrder(graph, takesPart))
        {
            var resource = graph.Nodes[i];
            if (TryJoin(graph, leaders, i, resource))
            {
                grouped++;
                continue;
            }
            if (!leaders.TryGetValue(resource.Kind, out var own)) leaders[resource.Kind] = own = new Leaders();
            own.AddSingle(i);
        }
        grouped += JoinSiblings(graph, leaders, CandidateOrder(graph, takesPart));
        return grouped;
    }

    /// <summary>
    /// The second pass: a resource still alone is offered to the leaders of the other kinds of its family (the part
    /// of the kind before the first colon), as the reference compares any two resources of one family: a
    /// <c>tftp:file</c> joins its <c>tftp:server</c>, a <c>dhcp:host</c> its <c>dhcp:server</c>. Those leaders may
    /// come later in the order than their members, hence a pass of its own once every leader is known.
    /// </summary>
    private static int JoinSiblings(WorkGraph graph, Dictionary<string, Leaders> leaders, List<int> order)
    {
        var grouped = 0;
        foreach (var i in order)
        {
            var resource = graph.Nodes[i];
            if (resource.GroupParent is null && resource.GroupedMembers.Count == 0 && TryJoinSibling(graph, leaders, i, resource)) grouped++;
        }
        return grouped;
    }

    private static bool TryJoinSibling(WorkGraph graph, Dictionary<string, Leaders> leaders, int i, Resource resource)
    {
        var family = Family(resource.Kind);
        var reachabilityTries = ReachabilityTries;
        foreach (var (kind, candidates) in leaders)
        {
            // Its own kind and its parent kinds had their chance in the first pass.
            if (Family(kind) != family || resource.Kind == kind || resource.Kind.StartsWith(kind + ":", StringComparison.Ordinal)) continue;
            if (Offer(graph, candidates, i, resource, leadersOnly: true, ref reachabilityTries) is { } joined) return joined;
        }
        return false;
    }

    private static string Family(string kind)
    {
        var colon = kind.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? kind : kind[..colon];
    }

    /// <summary>
    /// The groupable resources in the order they are offered: parent kinds before their sub-kinds (so that an
    /// <c>http:server</c> exists before its <c>http:server:flag</c> members look for it), and within a kind by
    /// name, last first, which makes the same resource the leader as in the reference (it pairs resources in
    /// reverse name order).
    /// </summary>
    private static List<int> CandidateOrder(WorkGraph graph, Func<int, bool> takesPart)
    {
        var order = new List<int>();
        for (var i = 0; i < graph.Nodes.Count; i++)
        {
            if (takesPart(i) && !graph.Dag.IsDead(i) && graph.Nodes[i] is IGroupable) order.Add(i);
        }
        order.Sort((a, b) =>
        {
            var ra = graph.Nodes[a];
            var rb = graph.Nodes[b];
            var depth = KindDepth(ra.Kind).CompareTo(KindDepth(rb.Kind));
            if (depth != 0) return depth;
            var kind = string.CompareOrdinal(ra.Kind, rb.Kind);
            return kind != 0 ? kind : string.CompareOrdinal(rb.Name, ra.Name);
        });
        return order;
    }

    private static int KindDepth(string kind) => kind.Count(c => c == ':');

    private static bool TryJoin(WorkGraph graph, Dictionary<string, Leaders> leaders, int i, Resource resource)
    {
        var reachabilityTries = ReachabilityTries;
        for (var kind = resource.Kind; kind.Length > 0; kind = ParentKind(kind))
        {
            if (!leaders.TryGetValue(kind, out var candidates)) continue;
            if (Offer(graph, candidates, i, resource, leadersOnly: false, ref reachabilityTries) is { } joined) return joined;
        }
        return false;
    }

    /// <summary>
    /// Offers resource <paramref name="i"/> to each leader of one kind (with <paramref name="leadersOnly"/>, only to
    /// those not grouped into another themselves). True when one took it; false when the tries to keep the graph
    /// acyclic ran out (give up on this resource); null when none took it (try the next kind).
    /// </summary>
    private static bool? Offer(WorkGraph graph, Leaders candidates, int i, Resource resource, bool leadersOnly, ref int reachabilityTries)
    {
        for (var k = 0; k < candidates.Count; k++)
        {
            var (leaderId, isGroup) = candidates[k];
            var leader = graph.Nodes[leaderId];
            if ((leadersOnly && leader.GroupParent is not null) || !((IGroupable)leader).CanGroupWith(resource)) continue;
            if (!graph.Dag.TryContract(leaderId, i))
            {
                if (--reachabilityTries == 0) return false;
                continue;
            }
            leader.GroupedMembers.Add(resource);
            resource.GroupParent = leader;
            candidates.Joined(leaderId, isGroup);
            return true;
        }
        return null;
    }

    private static string ParentKind(string kind)
    {
        var colon = kind.LastIndexOf(':');
        return colon < 0 ? "" : kind[..colon];
    }

    /// <summary>The leaders of one kind that new resources are offered to.</summary>
    private sealed class Leaders
    {
        private readonly List<int> _groups = [];
        private readonly List<int> _singles = [];

        public void AddSingle(int id)
        {
            if (_singles.Count == SinglesKept) _singles.RemoveAt(0);
            _singles.Add(id);
        }

        public int Count => _groups.Count + _singles.Count;

        /// <summary>
        /// Groups first, then singles, each oldest first: the resource offered first becomes the group's leader.
        /// </summary>
        public (int Id, bool IsGroup) this[int k] => k < _groups.Count ? (_groups[k], true) : (_singles[k - _groups.Count], false);

        public void Joined(int id, bool wasGroup)
        {
            if (wasGroup) return;
            _singles.Remove(id);
            if (_groups.Count == GroupsKept) _groups.RemoveAt(0);
            _groups.Add(id);
        }
    }
}
