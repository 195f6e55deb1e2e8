using Mgmt.Engine.Resources;

namespace Mgmt.Engine.AutoEdges;

/// <summary>
/// The automatic-edge identities of a running graph, kept from one swap to the next so that a swap that changes a
/// few resources matches only those (and the resources that seek their identities) instead of every resource. It
/// holds who offers each identity and who seeks it; <see cref="Produce"/> gives the edges one seeker makes against
/// the current contents, with the same rules as <see cref="AutoEdger"/>.
/// </summary>
/// <remarks>
/// A resource's identities and seeks depend only on its own parameters, so a resource that leaves is removed by
/// asking it again. Lists may hold a resource more than once when it repeats an identity; that changes no result.
/// </remarks>
internal sealed class AutoEdgeIndex
{
    private readonly Holders _owners = new();
    private readonly Holders _seekers = new();

    /// <summary>True when <paramref name="r"/> takes part in automatic edges (the engine's rule, reversals aside).</summary>
    public static bool TakesPart(Resource r) => r is IEdgeable && r.Meta is { AutoEdge: true, Hidden: false };

    public void Add(Resource r)
    {
        if (r is not IEdgeable edgeable || !TakesPart(r)) return;
        foreach (var uid in edgeable.Uids()) _owners.Add(uid, r);
        foreach (var seek in edgeable.AutoEdges())
        {
            foreach (var candidate in seek.Candidates) _seekers.Add(candidate, r);
        }
    }

    public void Remove(Resource r)
    {
        if (r is not IEdgeable edgeable || !TakesPart(r)) return;
        foreach (var uid in edgeable.Uids()) _owners.Remove(uid, r);
        foreach (var seek in edgeable.AutoEdges())
        {
            foreach (var candidate in seek.Candidates) _seekers.Remove(candidate, r);
        }
    }

    /// <summary>Adds to <paramref name="into"/> the resources that seek one of <paramref name="r"/>'s identities.</summary>
    public void SeekersOf(Resource r, HashSet<Resource> into)
    {
        if (r is not IEdgeable edgeable || !TakesPart(r)) return;
        foreach (var uid in edgeable.Uids())
        {
            if (!_seekers.TryGet(uid, out var list, out var gone)) continue;
            foreach (var seeker in list)
            {
                if (!ReferenceEquals(seeker, r) && gone?.Contains(seeker) != true) into.Add(seeker);
            }
        }
    }

    /// <summary>
    /// The edges (from, to) that <paramref name="seeker"/> makes: each seek's candidates looked up among the owners,
    /// an edge from each match to the seeker (the other way for a reversed seek), and no later seek once a seek that
    /// stops when found did find something.
    /// </summary>
    public List<(Resource From, Resource To)> Produce(Resource seeker)
    {
        var result = new List<(Resource, Resource)>();
        if (seeker is not IEdgeable edgeable || !TakesPart(seeker)) return result;
        foreach (var seek in edgeable.AutoEdges())
        {
            var found = false;
            foreach (var candidate in seek.Candidates)
            {
                if (!_owners.TryGet(candidate, out var matches, out var gone)) continue;
                foreach (var match in matches)
                {
                    if (ReferenceEquals(match, seeker) || gone?.Contains(match) == true) continue;
                    found = true;
                    result.Add(seek.Reversed ? (seeker, match) : (match, seeker));
                }
            }
            if (found && seek.StopWhenFound) break;
        }
        return result;
    }

    /// <summary>The resources that offer (or seek) each identity.</summary>
    /// <remarks>
    /// Every file below a directory seeks that directory: one list can hold most of the graph, and a removal by
    /// scanning it would cost a walk over the graph in every swap that replaces a file. Past a few entries a removal
    /// only marks the resource gone (readers skip it); the list is compacted once the marks reach a sixteenth of it
    /// (the marks hold resources that left).
    /// Removing a resource that was not added is not supported (the index only removes what it holds).
    /// </remarks>
    private sealed class Holders
    {
        private const int ScanLimit = 32;
        private readonly Dictionary<ResourceUid, List<Resource>> _lists = [];
        private readonly Dictionary<ResourceUid, HashSet<Resource>> _gone = [];

        public bool TryGet(ResourceUid uid, out List<Resource> list, out HashSet<Resource>? gone)
        {
            gone = null;
            if (!_lists.TryGetValue(uid, out list!)) return false;
            _gone.TryGetValue(uid, out gone);
            return true;
        }

        public void Add(ResourceUid uid, Resource r)
        {
            if (_gone.TryGetValue(uid, out var gone) && gone.Remove(r))
            {
                // Marked gone but still in the list: it is back.
                if (gone.Count == 0) _gone.Remove(uid);
                return;
            }
            if (!_lists.TryGetValue(uid, out var list)) _lists[uid] = list = new List<Resource>(1);
            if (list.Count == 0 || !ReferenceEquals(list[^1], r)) list.Add(r);
        }

        public void Remove(ResourceUid uid, Resource r)
        {
            if (!_lists.TryGetValue(uid, out var list)) return;
            if (list.Count > ScanLimit)
            {
                if (!_gone.TryGetValue(uid, out var gone)) _gone[uid] = gone = new HashSet<Resource>(ReferenceEqualityComparer.Instance);
                if (!gone.Add(r) || gone.Count * 16 < list.Count) return;
                list.RemoveAll(gone.Contains);
                _gone.Remove(uid);
            }
            else
            {
                list.RemoveAll(x => ReferenceEquals(x, r));
            }
            if (list.Count == 0) _lists.Remove(uid);
        }
    }
}
