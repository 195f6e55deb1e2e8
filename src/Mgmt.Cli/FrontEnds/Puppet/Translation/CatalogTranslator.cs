using System.Text;
using System.Text.Json;
using Mgmt.Cli.FrontEnds.Puppet.Catalog;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Resources;

namespace Mgmt.Cli.FrontEnds.Puppet.Translation;

/// <summary>
/// Turns a compiled catalog into a resource graph: each leaf resource onto a native kind where every attribute it
/// sets maps, otherwise onto a <c>pippet</c> resource applied by Puppet itself; the relationships and containment
/// onto edges (see <see cref="CatalogRelationships"/>).
/// </summary>
internal sealed class CatalogTranslator(TranslationContext context, PuppetHelperSettings helper)
{
    private static readonly ITypeTranslator[] Translators =
    [
        new FileTranslator(), new ExecTranslator(), new PackageTranslator(), new ServiceTranslator(), new UserTranslator(),
        new GroupTranslator(), new MountTranslator(), new HostTranslator(), new NotifyTranslator(), new SysctlTranslator(),
    ];

    private static readonly Dictionary<string, ITypeTranslator> ByType =
        Translators.SelectMany(t => t.Types.Select(type => (type, t))).ToDictionary(p => p.type, p => p.t, StringComparer.Ordinal);

    public CatalogTranslation Translate(CompiledCatalog catalog, string graphName)
    {
        var index = new CatalogIndex(catalog);
        var relationships = CatalogRelationships.Build(catalog, index);
        foreach (var (at, reference) in relationships.Unresolved)
        {
            context.Error(at, $"a relationship names {reference}, which is not in the catalog; declare it or fix the reference");
        }

        var graph = new ResourceGraph { Name = graphName };
        var byRef = new Dictionary<string, Resource>(StringComparer.Ordinal);
        var taken = new Dictionary<(string Kind, string Name), CatalogResource>();
        var fallbacks = new List<PuppetFallback>();
        var ignored = new List<PuppetFallback>();
        foreach (var r in catalog.Resources.Where(r => !r.IsContainer && !r.Exported))
        {
            var resource = TranslateOne(r, fallbacks, ignored);
            if (resource is null) continue;
            if (taken.TryGetValue((resource.Kind, resource.Name), out var first))
            {
                context.Error(r, $"it manages the same {resource.Kind} '{resource.Name}' as {first.Ref} ({first.Place}); keep one of them");
                continue;
            }
            taken[(resource.Kind, resource.Name)] = r;
            byRef[r.Ref] = resource;
            graph.AddVertex(resource);
        }
        foreach (var (from, to, notify) in relationships.Edges)
        {
            if (!byRef.TryGetValue(from, out var a) || !byRef.TryGetValue(to, out var b)) continue;
            if (ReferenceEquals(a, b))
            {
                context.Errors.Add(SourceDiagnostic.ForFile(graphName, $"dependency cycle: {from} comes before itself through its containers' relationships"));
                continue;
            }
            var keep = graph.TryGetEdge(a, b, out var existing) && existing.Notify;
            graph.AddEdge(a, b, new Edge($"{from} -> {to}", notify || keep));
        }
        if (context.Errors.Count == 0 && graph.TopologicalSort(out var cycle) is null && cycle is not null)
        {
            var names = cycle.Select(res => byRef.First(p => ReferenceEquals(p.Value, res)).Key);
            context.Errors.Add(SourceDiagnostic.ForFile(graphName, $"dependency cycle: {string.Join(" -> ", names)}; ordering must go one way, so remove one of these relationships"));
        }
        return new CatalogTranslation(context.Errors.Count > 0 ? null : graph, context.Errors, fallbacks, ignored);
    }

    private Resource? TranslateOne(CatalogResource r, List<PuppetFallback> fallbacks, List<PuppetFallback> ignored)
    {
        var attributes = new PuppetAttributes(r);
        var errors = context.Errors.Count;
        Resource? resource = null;
        if (ByType.TryGetValue(r.Type, out var translator))
        {
            resource = translator.Translate(attributes, context);
            // A translator that gave up early left the rest unread: only its own reasons count then.
            if (resource is not null)
            {
                foreach (var left in attributes.Leftovers().ToList()) attributes.NotNative(left, "no native equivalent");
            }
            if (attributes.Unsupported.Count > 0) resource = null;
        }
        if (context.Errors.Count > errors) return null;
        if (resource is null)
        {
            if (translator is null) fallbacks.Add(new PuppetFallback(r.Type, null, "it has no native kind", r.Ref));
            foreach (var (attribute, why) in attributes.Unsupported) fallbacks.Add(new PuppetFallback(r.Type, attribute, why, r.Ref));
            resource = Fallback(r);
        }
        var noop = attributes.Bool("noop") ?? false;
        if (noop) resource.Meta = resource.Meta with { Noop = true };
        foreach (var meta in new[] { "schedule", "audit" })
        {
            if (r.Parameters.ContainsKey(meta)) ignored.Add(new PuppetFallback(r.Type, meta, "the metaparameter is ignored: the engine applies the resource whenever it is out of line", r.Ref));
        }
        try
        {
            resource.Validate();
        }
        catch (ResourceValidationException e)
        {
            context.Error(r, e.Message);
            return null;
        }
        return resource;
    }

    private PippetResource Fallback(CatalogResource r)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var (name, value) in r.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                // Relationships are the graph's business; the helper sees the resource alone.
                if (PuppetAttributes.Structural.Contains(name) || PuppetAttributes.Metaparameters.Contains(name)) continue;
                w.WritePropertyName(name);
                value.WriteTo(w);
            }
            w.WriteEndObject();
        }
        return new PippetResource
        {
            Name = r.Ref,
            Type = r.Type.ToLowerInvariant(),
            Title = r.Title,
            Params = Encoding.UTF8.GetString(buffer.ToArray()),
            PuppetConf = helper.ConfigFile ?? "",
            ModulePath = helper.ModulePath ?? "",
        };
    }
}

/// <summary>The graph of a catalog (null when it has errors), and what goes through Puppet or is ignored, and why.</summary>
internal sealed record CatalogTranslation(
    ResourceGraph? Graph,
    IReadOnlyList<SourceDiagnostic> Errors,
    IReadOnlyList<PuppetFallback> ThroughPuppet,
    IReadOnlyList<PuppetFallback> Ignored);

/// <summary>A type, or one attribute of it, that is not native, with the reason and one resource that uses it.</summary>
internal sealed record PuppetFallback(string Type, string? Attribute, string Why, string Example);
