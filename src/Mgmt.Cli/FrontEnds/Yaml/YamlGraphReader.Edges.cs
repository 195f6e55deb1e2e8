using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using YamlDotNet.Core;

namespace Mgmt.Cli.FrontEnds.Yaml;

// edges: and collect:, read whole (after every resource is known, for edges).
internal sealed partial class YamlGraphReader
{
    private void ReadEdges(YNode node, ResourceGraph graph, Dictionary<(Resource, Resource), Mark> marks)
    {
        if (YamlScalars.IsNull(node)) return;
        if (node is not YList edges)
        {
            throw new YamlInputException(node, "edges must be a list, one '- from: ... to: ...' per edge");
        }
        foreach (var item in edges.Children) Collect(() => ReadEdge(item, graph, marks));
    }

    private void ReadEdge(YNode node, ResourceGraph graph, Dictionary<(Resource, Resource), Mark> marks)
    {
        if (node is not YMap map)
        {
            throw new YamlInputException(node, "an edge must be a mapping with 'from:' and 'to:' (each with kind and name)");
        }
        string? name = null;
        var notify = false;
        YNode? fromNode = null, toNode = null;
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
        marks.TryAdd((from, to), node.Start);
    }

    /// <summary>The resource an edge end names, or null when that resource had errors of its own.</summary>
    private Resource? EdgeEnd(YNode node, string end)
    {
        if (node is not YMap map)
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

    private void CheckAcyclic(ResourceGraph graph, Dictionary<(Resource, Resource), Mark> marks)
    {
        if (graph.TopologicalSort(out var cycle) is not null || cycle is null) return;
        var at = marks.TryGetValue((cycle[0], cycle[1]), out var n) ? n : Mark.Empty;
        _errors.Add(new YamlInputException(at,
            $"the edges form a cycle: {string.Join(" -> ", cycle)}; ordering must go one way, so remove or reverse one of these edges")
            .ToDiagnostic(file));
    }


    private void ReadCollects(YNode node)
    {
        if (YamlScalars.IsNull(node)) return;
        if (node is not YList list)
        {
            throw new YamlInputException(node, "collect must be a list, one '- kind: KIND' (and optionally 'pattern: DIR') per kind to collect");
        }
        foreach (var item in list.Children)
        {
            Collect(() =>
            {
                if (item is not YMap map) throw new YamlInputException(item, "each collect entry must be a mapping such as {kind: file, pattern: /tmp/collected/}");
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
}
