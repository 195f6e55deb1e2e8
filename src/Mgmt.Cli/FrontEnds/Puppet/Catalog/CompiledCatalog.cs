using System.Text.Json;

namespace Mgmt.Cli.FrontEnds.Puppet.Catalog;

/// <summary>
/// A catalog as <c>puppet catalog compile --render-as json</c> writes it: the resources, and the containment edges
/// (Stage → Class → resource or defined type → resource). Ordering is not in the edges: it lives in each resource's
/// <c>require</c>, <c>before</c>, <c>notify</c> and <c>subscribe</c> parameters (chains arrive folded into those).
/// </summary>
internal sealed class CompiledCatalog
{
    private CompiledCatalog(IReadOnlyList<CatalogResource> resources, IReadOnlyList<(string Container, string Member)> containment)
    {
        Resources = resources;
        Containment = containment;
    }

    public IReadOnlyList<CatalogResource> Resources { get; }

    /// <summary>Containment edges, by reference: a container and one resource it holds.</summary>
    public IReadOnlyList<(string Container, string Member)> Containment { get; }

    /// <summary>Reads the catalog JSON; throws <see cref="FormatException"/> when it is not one.</summary>
    public static CompiledCatalog Parse(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 512 });
        }
        catch (JsonException e)
        {
            throw new FormatException($"Puppet's catalog is not valid JSON: {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("resources", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("Puppet's output has no catalog resources");
            }
            var resources = new List<CatalogResource>();
            foreach (var r in list.EnumerateArray()) resources.Add(ReadResource(r));
            var containment = new List<(string, string)>();
            if (root.TryGetProperty("edges", out var edges) && edges.ValueKind == JsonValueKind.Array)
            {
                foreach (var e in edges.EnumerateArray())
                {
                    containment.Add((Text(e, "source") ?? "", Text(e, "target") ?? ""));
                }
            }
            return new CompiledCatalog(resources, containment);
        }
    }

    private static CatalogResource ReadResource(JsonElement r)
    {
        var parameters = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (r.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            // Cloned, so that the values outlive the document.
            foreach (var prop in p.EnumerateObject()) parameters[prop.Name] = prop.Value.Clone();
        }
        var line = r.TryGetProperty("line", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt32() : 0;
        var exported = r.TryGetProperty("exported", out var x) && x.ValueKind == JsonValueKind.True;
        return new CatalogResource(
            Text(r, "type") ?? throw new FormatException("a catalog resource has no type"),
            Text(r, "title") ?? throw new FormatException("a catalog resource has no title"),
            Text(r, "file"), line, Text(r, "kind") ?? "", exported, parameters);
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;
}
