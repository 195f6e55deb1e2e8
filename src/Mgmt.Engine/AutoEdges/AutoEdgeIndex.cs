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
    private readonly Dictionary<ResourceUid, List<Resource>> _owners = [];
    private readonly Dictionary<ResourceUid, List<Resource>> _seekers = [];

    /// <summary>True when <paramref name="r"/> takes part in automatic edges (the engine's rule, reversals aside).</summary>
    public static bool TakesPart(Resource r) => r is IEdgeable && r.Meta is { AutoEdge: true, Hidden: false };

    public void Add(Resource r)
    {
        if (r is not IEdgeable edgeable || !TakesPart(r)) return;
        foreach (var uid in edgeable.Uids()) AddTo(_owners, uid, r);
        foreach (var seek in edgeable.AutoEdges())
        {
            foreach (var candidate in seek.Candidates) AddTo(_seekers, candidate, r);
        }
    }

    public void Remove(Resource r)
    {
        if (r is not IEdgeable edgeable || !TakesPart(r)) return;
        foreach (var uid in edgeable.Uids()) RemoveFrom(_owners, uid, r);
        foreach (var seek in edgeable.AutoEdges())
        {
            foreach (var candidate in seek.Candidates) RemoveFrom(_seekers, candidate, r);
        }
    }

    /// <summary>Adds to <paramref name="into"/> the resources that seek one of <paramref name="r"/>'s identities.</summary>
    public void SeekersOf(Resource r, HashSet<Resource> into)
    {
        if (r is not IEdgeable edgeable || !TakesPart(r)) return;
        foreach (var uid in edgeable.Uids())
        {
            if (!_seekers.TryGetValue(uid, out var list)) continue;
            foreach (var seeker in list)
            {
                if (!ReferenceEquals(seeker, r)) into.Add(seeker);
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
                if (!_owners.TryGetValue(candidate, out var matches)) continue;
                foreach (var match in matches)
                {
                    if (ReferenceEquals(match, seeker)) continue;
                    found = true;
                    result.Add(seek.Reversed ? (seeker, match) : (match, seeker));
                }
            }
            if (found && seek.StopWhenFound) break;
        }
        return result;
    }

    private static void AddTo(Dictionary<ResourceUid, List<Resource>> index, ResourceUid uid, Resource r)
    {
        if (!index.TryGetValue(uid, out var list)) index[uid] = list = new List<Resource>(1);
        if (list.Count == 0 || !ReferenceEquals(list[^1], r)) list.Add(r);
    }

    private static void RemoveFrom(Dictionary<ResourceUid, List<Resource>> index, ResourceUid uid, Resource r)
    {
        if (!index.TryGetValue(uid, out var list)) return;
        list.RemoveAll(x => ReferenceEquals(x, r));
        if (list.Count == 0) index.Remove(uid);
    }
}
