using Mgmt.Cli.CommandLine;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Lang.Syntax.Limits;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mgmt.Cli.FrontEnds.Yaml;

/// <summary>
/// Reads the reference's YAML graph format into a <see cref="ResourceGraph"/>:
/// <code>
/// graph: name
/// comment: free text
/// resources:
///   KIND:
///     - name: NAME
///       PARAM: value
///       meta: {retry: 3}
/// edges:
///   - {from: {kind: KIND, name: NAME}, to: {kind: KIND, name: NAME}, notify: true}
/// </code>
/// Everything is checked before a graph is returned: kinds, parameter names and types, meta parameters,
/// duplicate names, edge ends, cycles and each resource's own validation. Problems come back as diagnostics
/// with the file, line and column; several are reported at once when they are independent.
/// A resource whose name starts with <c>@@</c> is exported to every host instead of run here, and
/// <c>collect: [{kind: KIND, pattern: DIR}]</c> takes exported resources in (see <see cref="YamlCollection"/>).
/// Parameters the reference has dropped (<see cref="DroppedParams"/>) are warnings, so that old graphs still run.
/// </summary>
internal sealed partial class YamlGraphReader(ResourceRegistry registry, string file)
{
    private const int MaxErrors = 50;
    private static readonly string[] TopLevelKeys = ["graph", "comment", "resources", "edges", "collect", "remote"];

    /// <summary>The prefix of an exported resource's name.</summary>
    internal const string ExportPrefix = "@@";

    private readonly List<SourceDiagnostic> _errors = [];
    private readonly Dictionary<(string Kind, string Name), (Resource Resource, YamlNode Node)> _resources = [];

    // Every resource named in the file, also those whose definition had an error: edges to those are
    // skipped rather than reported a second time.
    private readonly Dictionary<(string Kind, string Name), YamlNode> _declared = [];

    /// <summary>What the file's <c>collect:</c> asks for (after <see cref="Read"/>).</summary>
    public List<YamlCollect> Collects { get; } = [];

    /// <summary>Mistakes that do not stop the graph (a parameter mgmt dropped), after <see cref="Read"/>.</summary>
    public List<SourceDiagnostic> Warnings { get; } = [];

    public FrontEndResult Read(string text)
    {
        var graph = new ResourceGraph { Name = Path.GetFileNameWithoutExtension(file) };
        try
        {
            var root = LoadRoot(text);
            foreach (var (keyNode, value) in root.Children)
            {
                var key = KeyText(keyNode);
                switch (key)
                {
                    case "graph":
                        Collect(() => graph.Name = ScalarText(value, "graph (the graph's name)"));
                        break;
                    case "comment":
                        break;
                    case "resources":
                        Collect(() => ReadResources(value, graph));
                        break;
                    case "edges":
                        break; // read after every resource is known
                    case "collect":
                        Collect(() => ReadCollects(value));
                        break;
                    case "remote":
                        // Old graphs name hosts to run on. The reference reads and ignores the key (its YAML front end
                        // no longer runs graphs remotely); so does this one, saying so. The value is never repeated:
                        // such addresses often carry a password.
                        Warnings.Add(new YamlInputException(keyNode,
                            "'remote' is ignored: graphs are not sent to other hosts from a YAML file (the reference ignores it too); " +
                            "start an agent over SSH with the remote resource instead (docs/resources/remote.md)").ToDiagnostic(file));
                        break;
                    default:
                        var hint = CommandLineParser.Suggest(key, TopLevelKeys) is { } s ? $"did you mean '{s}'? " : "";
                        Fail(keyNode, $"unknown top-level key '{key}'; {hint}the keys are {string.Join(", ", TopLevelKeys)}");
                        break;
                }
            }
            var edgeMarks = new Dictionary<(Resource, Resource), YamlNode>();
            foreach (var (keyNode, value) in root.Children)
            {
                if (KeyText(keyNode) == "edges") Collect(() => ReadEdges(value, graph, edgeMarks));
            }
            if (_errors.Count == 0) CheckAcyclic(graph, edgeMarks);
            ValidateResources();
        }
        catch (YamlInputException e)
        {
            _errors.Add(e.ToDiagnostic(file));
        }
        // Shown with the source line and a caret, as mcl errors are.
        return _errors.Count > 0
            ? FrontEndResult.Failed([.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column).Select(e => e.WithSource(text))])
            : FrontEndResult.Of(graph);
    }

    private YamlMappingNode LoadRoot(string text)
    {
        YamlStream stream;
        try
        {
            stream = YamlLoader.Load(text);
        }
        catch (YamlLoadException e)
        {
            throw new YamlInputException(new Mark(0, e.Line, e.Column), e.Message);
        }
        if (stream.Documents.Count == 0 || YamlScalars.IsNull(stream.Documents[0].RootNode))
        {
            throw new YamlInputException(Mark.Empty, "the file is empty; it needs at least 'resources:' (see docs/yaml.md)");
        }
        if (stream.Documents.Count > 1)
        {
            throw new YamlInputException(stream.Documents[1].RootNode, "the file holds more than one YAML document (---); put one graph per file");
        }
        return stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new YamlInputException(stream.Documents[0].RootNode, "the top level must be a mapping with 'graph:', 'resources:' and 'edges:'");
    }

    private void ReadResources(YamlNode node, ResourceGraph graph)
    {
        if (YamlScalars.IsNull(node)) return;
        if (node is not YamlMappingNode kinds)
        {
            throw new YamlInputException(node, "resources must be a mapping from a kind to a list of resources, such as 'file:' followed by '- name: /tmp/x'");
        }
        foreach (var (kindNode, list) in kinds.Children)
        {
            var kind = KeyText(kindNode);
            var descriptor = registry.Find(kind);
            if (descriptor is null)
            {
                var known = registry.Kinds.Select(k => k.Kind).Order(StringComparer.Ordinal).ToList();
                var hint = CommandLineParser.Suggest(kind, known) is { } s ? $"did you mean '{s}'? " : "";
                Fail(kindNode, $"there is no resource kind '{kind}'; {hint}the kinds are {string.Join(", ", known)}");
                continue;
            }
            if (YamlScalars.IsNull(list)) continue;
            if (list is not YamlSequenceNode items)
            {
                Fail(list, $"'{kind}:' must be followed by a list of resources, one '- name: ...' each");
                continue;
            }
            foreach (var item in items.Children) Collect(() => ReadResource(descriptor, item, graph));
        }
    }

    private void ReadResource(ResourceDescriptor descriptor, YamlNode node, ResourceGraph graph)
    {
        if (node is not YamlMappingNode map)
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
                $"{descriptor.Kind}[{name}] is defined twice (first at line {first.Start.Line}); give each one a different name");
        }
        _declared[(descriptor.Kind, name)] = node;

        // Each parameter is read on its own, so that every mistake in this resource is reported at once.
        var resource = registry.Create(descriptor.Kind, name);
        var errorsBefore = _errors.Count;
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
        if (_errors.Count > errorsBefore) return;
        _resources[(descriptor.Kind, name)] = (resource, node);
        graph.AddVertex(resource);
    }

    // The engine's own checks of the meta parameters and the name, made here so that `check` finds what `run`
    // would refuse, each mistake at the value that causes it. Like the engine, a hidden resource (never run) has
    // only its export targets checked.
    private void CheckMeta(Resource resource, YamlNode nameNode, YamlMeta? meta)
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

    private void ReadCollects(YamlNode node)
    {
        if (YamlScalars.IsNull(node)) return;
        if (node is not YamlSequenceNode list)
        {
            throw new YamlInputException(node, "collect must be a list, one '- kind: KIND' (and optionally 'pattern: DIR') per kind to collect");
        }
        foreach (var item in list.Children)
        {
            Collect(() =>
            {
                if (item is not YamlMappingNode map) throw new YamlInputException(item, "each collect entry must be a mapping such as {kind: file, pattern: /tmp/collected/}");
                var kindNode = Find(map, "kind") ?? throw new YamlInputException(item, "this collect entry has no kind; add 'kind: ...'");
                var pattern = "";
                foreach (var (keyNode, value) in map.Children)
                {
                    switch (KeyText(keyNode))
                    {
                        case "kind": break;
                        case "pattern": pattern = YamlScalars.IsNull(value) ? "" : ScalarText(value, "pattern"); break;
                        default: throw new YamlInputException(keyNode, $"a collect entry has no key '{KeyText(keyNode)}'; its keys are kind and pattern");
                    }
                }
                var kind = ScalarText(kindNode, "the kind to collect").ToLowerInvariant();
                if (registry.Find(kind) is null) throw new YamlInputException(kindNode, $"there is no resource kind '{kind}' to collect");
                if (pattern.Length > 0 && kind != "file")
                {
                    Warnings.Add(new YamlInputException(item, $"pattern only applies to collected files (it becomes their directory); it is ignored for {kind}").ToDiagnostic(file));
                }
                if (pattern.Length > 0 && !pattern.StartsWith('/')) throw new YamlInputException(item, $"pattern '{pattern}' must be an absolute directory, such as /tmp/collected/");
                Collects.Add(new YamlCollect(kind, pattern));
            });
        }
    }

    private static void SetParam(Resource resource, ParamInfo param, YamlNode value)
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

    private static YamlInputException UnknownParam(ResourceDescriptor descriptor, YamlNode at, string key)
    {
        var names = descriptor.Params.Select(p => p.Name).ToList();
        var hint = CommandLineParser.Suggest(key, names) is { } s ? $"did you mean '{s}'? " : "";
        var list = names.Count == 0 ? "it has none besides name and meta" : "its parameters are " + string.Join(", ", names);
        return new YamlInputException(at, $"{descriptor.Kind} has no parameter '{key}'; {hint}{list}");
    }

    private void ReadEdges(YamlNode node, ResourceGraph graph, Dictionary<(Resource, Resource), YamlNode> marks)
    {
        if (YamlScalars.IsNull(node)) return;
        if (node is not YamlSequenceNode edges)
        {
            throw new YamlInputException(node, "edges must be a list, one '- from: ... to: ...' per edge");
        }
        foreach (var item in edges.Children) Collect(() => ReadEdge(item, graph, marks));
    }

    private void ReadEdge(YamlNode node, ResourceGraph graph, Dictionary<(Resource, Resource), YamlNode> marks)
    {
        if (node is not YamlMappingNode map)
        {
            throw new YamlInputException(node, "an edge must be a mapping with 'from:' and 'to:' (each with kind and name)");
        }
        string? name = null;
        var notify = false;
        YamlNode? fromNode = null, toNode = null;
        foreach (var (keyNode, value) in map.Children)
        {
            switch (KeyText(keyNode))
            {
                case "name": name = ScalarText(value, "the edge's name"); break;
                case "from": fromNode = value; break;
                case "to": toNode = value; break;
                case "notify": notify = YamlValueReader.Read(value, Engine.Values.DataType.Bool, "notify").AsBool(); break;
                default:
                    throw new YamlInputException(keyNode, $"an edge has no key '{KeyText(keyNode)}'; its keys are name, from, to, notify");
            }
        }
        if (fromNode is null) throw new YamlInputException(node, "this edge has no 'from:'; add 'from: {kind: KIND, name: NAME}'");
        if (toNode is null) throw new YamlInputException(node, "this edge has no 'to:'; add 'to: {kind: KIND, name: NAME}'");
        var from = EdgeEnd(fromNode, "from");
        var to = EdgeEnd(toNode, "to");
        if (from is null || to is null) return;
        if (ReferenceEquals(from, to)) throw new YamlInputException(node, $"this edge goes from {from} to itself, which is a cycle; remove it");

        var edgeName = name ?? $"{from} -> {to}";
        var keepNotify = graph.TryGetEdge(from, to, out var existing) && existing.Notify;
        graph.AddEdge(from, to, new Edge(edgeName, notify || keepNotify));
        marks.TryAdd((from, to), node);
    }

    /// <summary>The resource an edge end names, or null when that resource had errors of its own.</summary>
    private Resource? EdgeEnd(YamlNode node, string end)
    {
        if (node is not YamlMappingNode map)
        {
            throw new YamlInputException(node, $"'{end}:' must be a mapping such as {{kind: file, name: /tmp/x}}");
        }
        var kindNode = Find(map, "kind") ?? throw new YamlInputException(node, $"'{end}:' has no kind; add 'kind: ...'");
        var nameNode = Find(map, "name") ?? throw new YamlInputException(node, $"'{end}:' has no name; add 'name: ...'");
        foreach (var (keyNode, _) in map.Children)
        {
            if (KeyText(keyNode) is not ("kind" or "name"))
            {
                throw new YamlInputException(keyNode, $"'{end}:' has no key '{KeyText(keyNode)}'; it takes kind and name");
            }
        }
        var kind = ScalarText(kindNode, "a kind");
        var name = ScalarText(nameNode, "a name");
        if (_resources.TryGetValue((kind, name), out var found)) return found.Resource;
        if (_declared.ContainsKey((kind, name))) return null;
        var where = registry.Find(kind) is null
            ? $"there is no resource kind '{kind}'"
            : $"there is no {kind}[{name}] in this file";
        throw new YamlInputException(node, $"the edge's '{end}' end names {kind}[{name}], but {where}; define it under 'resources:' or fix the edge");
    }

    private void CheckAcyclic(ResourceGraph graph, Dictionary<(Resource, Resource), YamlNode> marks)
    {
        if (graph.TopologicalSort(out var cycle) is not null || cycle is null) return;
        var at = marks.TryGetValue((cycle[0], cycle[1]), out var n) ? n.Start : Mark.Empty;
        _errors.Add(new YamlInputException(at,
            $"the edges form a cycle: {string.Join(" -> ", cycle)}; ordering must go one way, so remove or reverse one of these edges")
            .ToDiagnostic(file));
    }

    private void ValidateResources()
    {
        foreach (var (resource, node) in _resources.Values.OrderBy(r => r.Node.Start))
        {
            // The meta parameters were checked as they were read (CheckMeta).
            if (resource.Meta.Hidden) continue;
            try
            {
                resource.Validate();
            }
            catch (ResourceValidationException e)
            {
                _errors.Add(new YamlInputException(node, $"{resource}: {e.Message}").ToDiagnostic(file));
            }
        }
    }

    private void Collect(Action read)
    {
        if (_errors.Count >= MaxErrors) return;
        try
        {
            read();
        }
        catch (YamlInputException e)
        {
            _errors.Add(e.ToDiagnostic(file));
        }
    }

    private void Report(YamlInputException e)
    {
        if (_errors.Count < MaxErrors) _errors.Add(e.ToDiagnostic(file));
    }

    private void Fail(YamlNode at, string message) => _errors.Add(new YamlInputException(at, message).ToDiagnostic(file));

    internal static YamlNode? Find(YamlMappingNode map, string key) =>
        map.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode s && s.Value == key).Value;

    internal static string KeyText(YamlNode key) =>
        key is YamlScalarNode s ? s.Value ?? "" : throw new YamlInputException(key, "a key must be a plain word, not a list or mapping");

    private static string ScalarText(YamlNode node, string what) =>
        node is YamlScalarNode s && !YamlScalars.IsNull(s)
            ? s.Value ?? ""
            : throw new YamlInputException(node, $"{what} must be a single value (text)");
}
