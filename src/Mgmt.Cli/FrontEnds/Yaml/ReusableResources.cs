using Mgmt.Engine.Resources;

namespace Mgmt.Cli.FrontEnds.Yaml;

/// <summary>
/// The resources of a good read of a YAML graph, by the digest of each one's text (kind included). The next read
/// hands over the very same object for a resource written exactly the same, whatever moved around it, so that the
/// engine sees an unchanged resource as the same reference and has nothing to compare.
/// </summary>
internal sealed class ReusableResources(IEnumerable<KeyValuePair<ItemDigest, Resource>> resources)
{
    private readonly Dictionary<ItemDigest, Resource> _byDigest = Index(resources);

    public int Count => _byDigest.Count;

    private static Dictionary<ItemDigest, Resource> Index(IEnumerable<KeyValuePair<ItemDigest, Resource>> resources)
    {
        var index = new Dictionary<ItemDigest, Resource>();
        foreach (var (digest, resource) in resources) index.TryAdd(digest, resource);
        return index;
    }

    /// <summary>Forgets the resource written as <paramref name="digest"/> says (an edit removed or changed it).</summary>
    public void Forget(ItemDigest digest) => _byDigest.Remove(digest);

    /// <summary>Adds a resource an edit wrote (one that is already there stays).</summary>
    public void Add(ItemDigest digest, Resource resource) => _byDigest.TryAdd(digest, resource);

    /// <summary>The resource written as <paramref name="digest"/> says, or null.</summary>
    public Resource? Find(ItemDigest digest) => _byDigest.GetValueOrDefault(digest);
}
