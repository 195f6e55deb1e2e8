using Mgmt.Cli.CommandLine;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Mgmt.Cli.FrontEnds.Yaml;

// The resources: section, streamed one resource at a time.
internal sealed partial class YamlGraphReader
{
    private readonly Dictionary<(string Kind, string Name), ReadEntry> _resources = [];

    // Every resource named in the file, also those whose definition had an error: edges to those are
    // skipped rather than reported a second time.
    private readonly Dictionary<(string Kind, string Name), Mark> _declared = [];

    // The resources of this read that a next read may hand over again, by the digest of their text.
    private readonly List<KeyValuePair<ItemDigest, Resource>> _reusable = [];

    /// <summary>
    /// After a <see cref="Read"/> without errors, when asked to remember: its resources for the next read to reuse;
    /// else null.
    /// </summary>
    public ReusableResources? Reusable { get; private set; }

    /// <summary>How many resources of the last <see cref="Read"/> were handed over from the previous one.</summary>
    public int ReusedCount { get; private set; }

    /// <summary>A resource read from the file, where it starts, and whether it is an object of the previous read.</summary>
    private readonly record struct ReadEntry(Resource Resource, Mark Start, bool Reused);

    /// <summary>
    /// Streams <c>resources:</c>: each item of a kind's list is read into a small tree, turned into a resource and
    /// dropped before the next one is read. A list with an anchor, or given by an alias, is read whole instead.
    /// </summary>
    private void StreamResources(YamlEventReader events, ResourceGraph graph, long column)
    {
        var depth = events.Depth;
        events.Expect<MappingStart>();
        while (events.Current is not MappingEnd)
        {
            try
            {
                var kindNode = events.ReadNode();
                var descriptor = Descriptor(kindNode);
                if (descriptor is not null && events.AtPlain<SequenceStart>())
                {
                    var start = events.Expect<SequenceStart>();
                    var list = _pieces is null ? -1 : StartList(descriptor, start, column, kindNode.Start.Column);
                    while (events.Current is not SequenceEnd)
                    {
                        var hashed = remember || previous is not null;
                        if (hashed) events.BeginDigest(descriptor.Kind);
                        var item = events.ReadNode();
                        var digest = hashed ? events.EndDigest() : null;
                        (string, string)? key = null;
                        Collect(() => key = ReadResource(descriptor, item, graph, digest));
                        if (list >= 0 && key is { } k && digest is { } d) RecordItem(list, events, k, d);
                    }
                    events.Expect<SequenceEnd>();
                }
                else
                {
                    var list = events.ReadNode();
                    if (descriptor is not null && !YamlScalars.IsNull(list)) NoPieces("a list has an anchor or is an alias");
                    if (descriptor is not null) ReadKindList(descriptor, list, graph);
                }
            }
            catch (YamlInputException e)
            {
                // As when the section is read whole: the rest of it is not read, the other sections are.
                Report(e);
                events.SkipTo(depth);
                return;
            }
        }
        events.Expect<MappingEnd>();
    }

    /// <summary>Reads a whole <c>resources:</c> value (one with an anchor, or an alias).</summary>
    private void ReadResources(YNode node, ResourceGraph graph)
    {
        if (YamlScalars.IsNull(node)) return;
        if (node is not YMap kinds)
        {
            throw new YamlInputException(node, "resources must be a mapping from a kind to a list of resources, such as 'file:' followed by '- name: /tmp/x'");
        }
        foreach (var (kindNode, list) in kinds.Children)
        {
            if (Descriptor(kindNode) is { } descriptor) ReadKindList(descriptor, list, graph);
        }
    }

    /// <summary>The kind a key of <c>resources:</c> names; null (reported) when there is no such kind.</summary>
    private ResourceDescriptor? Descriptor(YNode kindNode)
    {
        var kind = KeyText(kindNode);
        if (registry.Find(kind) is { } descriptor) return descriptor;
        var known = registry.Kinds.Select(k => k.Kind).Order(StringComparer.Ordinal).ToList();
        var hint = CommandLineParser.Suggest(kind, known) is { } s ? $"did you mean '{s}'? " : "";
        Fail(kindNode, $"there is no resource kind '{kind}'; {hint}the kinds are {string.Join(", ", known)}");
        return null;
    }

    private void ReadKindList(ResourceDescriptor descriptor, YNode list, ResourceGraph graph)
    {
        if (YamlScalars.IsNull(list)) return;
        if (list is not YList items)
        {
            Fail(list, $"'{descriptor.Kind}:' must be followed by a list of resources, one '- name: ...' each");
            return;
        }
        foreach (var item in items.Children) Collect(() => ReadResource(descriptor, item, graph, digest: null));
        NoPieces("a list is read whole");
    }

    /// <summary>
    /// Reads one resource. With a <paramref name="digest"/> that the previous good read had, the resource is
    /// that read's object: the same kind, name, parameters and meta, written the same way, and checked then.
    /// </summary>
    /// <returns>The resource's kind and name, or null when it has mistakes.</returns>
    private (string Kind, string Name)? ReadResource(ResourceDescriptor descriptor, YNode node, ResourceGraph graph, ItemDigest? digest)
    {
        if (node is not YMap map)
        {
            throw new YamlInputException(node, $"each {descriptor.Kind} must be a mapping with 'name:' and its parameters");
        }
        var nameNode = Find(map, "name")
            ?? throw new YamlInputException(node, $"this {descriptor.Kind} has no name; add 'name: ...'");
        var name = ScalarText(nameNode, $"the name of a {descriptor.Kind}");
        var exported = name.StartsWith(ExportPrefix, StringComparison.Ordinal);
        if (exported) name = name[ExportPrefix.Length..];
        if (name.Length == 0) throw new YamlInputException(nameNode, $"the name of a {descriptor.Kind} cannot be empty");
        if (_declared.TryGetValue((descriptor.Kind, name), out var first))
        {
            throw new YamlInputException(nameNode,
                $"{descriptor.Kind}[{name}] is defined twice (first at line {first.Line}); give each one a different name");
        }
        _declared[(descriptor.Kind, name)] = node.Start;

        if (digest is { } known && previous?.Find(known) is { } kept)
        {
            _resources[(descriptor.Kind, name)] = new ReadEntry(kept, node.Start, Reused: true);
            if (remember) _reusable.Add(KeyValuePair.Create(known, kept));
            ReusedCount++;
            graph.AddVertex(kept);
            return (descriptor.Kind, name);
        }

        // Each parameter is read on its own, so that every mistake in this resource is reported at once.
        var resource = registry.Create(descriptor.Kind, name);
        var errorsBefore = _errors.Count;
        var warningsBefore = Warnings.Count;
        YamlMeta? meta = null;
        foreach (var (keyNode, value) in map.Children)
        {
            Collect(() =>
            {
                var key = KeyText(keyNode);
                if (key == "name") return;
                if (key == "meta")
                {
                    meta = YamlMetaReader.Read(value, resource, Report);
                    resource.Meta = meta.Params;
                    return;
                }
                var param = FindParam(descriptor, key);
                if (param is null && DroppedParams.IsDropped(descriptor.Kind, key))
                {
                    Warnings.Add(new YamlInputException(keyNode, DroppedParams.Message(descriptor.Kind, key)).ToDiagnostic(file));
                    return;
                }
                SetParam(resource, param ?? throw UnknownParam(descriptor, keyNode, key), value);
            });
        }
        // An exported resource is published for every host (unless its meta names the hosts) and not run here.
        if (exported) resource.Meta = resource.Meta with { Hidden = true, Export = resource.Meta.Export.Count > 0 ? resource.Meta.Export : ["*"] };
        CheckMeta(resource, nameNode, meta);
        if (_errors.Count > errorsBefore) return null;
        _resources[(descriptor.Kind, name)] = new ReadEntry(resource, node.Start, Reused: false);
        // A resource with warnings is read again next time, so that its warnings are shown again; a groupable one
        // because the engine's grouping writes into it (its group, its parent).
        if (remember && digest is { } d && Warnings.Count == warningsBefore && resource is not IGroupable) _reusable.Add(KeyValuePair.Create(d, resource));
        else NoPieces(resource is IGroupable ? $"{descriptor.Kind} resources are groupable" : "a resource has warnings");
        graph.AddVertex(resource);
        return (descriptor.Kind, name);
    }

    private void KeepReusable()
    {
        Reusable = remember && _errors.Count == 0 ? new ReusableResources(_reusable) : null;
        _reusable.Clear();
    }

    // The engine's own checks of the meta parameters and the name, made here so that `check` finds what `run`
    // would refuse, each mistake at the value that causes it. Like the engine, a hidden resource (never run) has
    // only its export targets checked.
    private void CheckMeta(Resource resource, YNode nameNode, YamlMeta? meta)
    {
        var problems = resource.Meta.FindExportProblems().ToList();
        if (!resource.Meta.Hidden)
        {
            if (resource.Meta.RefusesName(resource.Name))
            {
                Fail(nameNode,
                    $"{resource}: the name starts with '$', which usually means a variable was not interpolated; " +
                    "if the name is meant, set Meta:dollar (add 'meta: {dollar: true}' to this resource)");
            }
            problems.AddRange(resource.Meta.FindProblems());
        }
        foreach (var problem in problems)
        {
            // Without 'meta:' every setting keeps its valid default, so a problem always has a meta to point into.
            Fail(meta?.PlaceOf(problem) ?? nameNode, $"{resource}: {problem.Message}");
        }
    }

    private void ValidateResources()
    {
        foreach (var (resource, start, reused) in _resources.Values.OrderBy(r => r.Start))
        {
            // The meta parameters were checked as they were read (CheckMeta); a reused resource passed all of
            // this with the same parameters in the read it comes from.
            if (resource.Meta.Hidden || reused) continue;
            try
            {
                resource.Validate();
            }
            catch (ResourceValidationException e)
            {
                _errors.Add(new YamlInputException(start, $"{resource}: {e.Message}").ToDiagnostic(file));
            }
        }
    }

    private static void SetParam(Resource resource, ParamInfo param, YNode value)
    {
        var what = $"parameter '{param.Name}' of {resource}";
        try
        {
            if (YamlScalars.IsNull(value))
            {
                if (!param.IsOptional) throw new YamlInputException(value, $"{what} needs a value ({param.Type}); remove the line to keep the default");
                param.Set(resource, null);
                return;
            }
            param.Set(resource, YamlValueReader.Read(value, param.Type, what));
        }
        catch (ParamValueException e)
        {
            throw new YamlInputException(value, e.Message);
        }
    }

    private static ParamInfo? FindParam(ResourceDescriptor descriptor, string key)
    {
        // The reference's YAML sometimes spells a parameter with underscores where mcl does not (bool_ptr for
        // boolptr): accept both spellings.
        return descriptor.FindParam(key)
            ?? descriptor.Params.FirstOrDefault(p => Loose(p.Name) == Loose(key));
    }

    internal static string Loose(string name) => name.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    private static YamlInputException UnknownParam(ResourceDescriptor descriptor, YNode at, string key)
    {
        var names = descriptor.Params.Select(p => p.Name).ToList();
        var hint = CommandLineParser.Suggest(key, names) is { } s ? $"did you mean '{s}'? " : "";
        var list = names.Count == 0 ? "it has none besides name and meta" : "its parameters are " + string.Join(", ", names);
        return new YamlInputException(at, $"{descriptor.Kind} has no parameter '{key}'; {hint}{list}");
    }
}
