using System.Text.Json;

namespace Mgmt.Cli.FrontEnds.Puppet.Catalog;

/// <summary>
/// Finds the catalog resource a reference means, as Puppet does: by title, or by another name it answers to (its
/// name or path parameter, an <c>alias</c>). Type names are compared as Puppet capitalises them.
/// </summary>
internal sealed class CatalogIndex
{
    private readonly Dictionary<string, CatalogResource> _byRef = new(StringComparer.Ordinal);

    public CatalogIndex(CompiledCatalog catalog)
    {
        foreach (var r in catalog.Resources) _byRef.TryAdd(r.Ref, r);
        foreach (var r in catalog.Resources)
        {
            foreach (var other in OtherNames(r)) _byRef.TryAdd(ResourceRef.Format(r.Type, other), r);
        }
    }

    public CatalogResource? Resolve(string reference)
    {
        if (_byRef.TryGetValue(reference, out var found)) return found;
        if (ResourceRef.Parse(reference) is not { } parts) return null;
        var (type, title) = parts;
        if (_byRef.TryGetValue(ResourceRef.Format(type, title), out found)) return found;
        // Class[foo] and Class[Foo] are the same class; a file's path may be written with a trailing slash.
        if (type == "Class" && _byRef.TryGetValue(ResourceRef.Format(type, ResourceRef.Capitalize(title)), out found)) return found;
        if (type == "File" && title.Length > 1 && _byRef.TryGetValue(ResourceRef.Format(type, title.TrimEnd('/')), out found)) return found;
        return null;
    }

    private static IEnumerable<string> OtherNames(CatalogResource r)
    {
        foreach (var key in new[] { "name", "path", "command" })
        {
            if (r.Parameters.TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.String) yield return v.GetString()!;
        }
        if (r.Parameters.TryGetValue("alias", out var alias))
        {
            foreach (var a in CatalogRelationships.References(alias)) yield return a;
        }
    }
}
