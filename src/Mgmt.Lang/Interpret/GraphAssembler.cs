using System.Runtime.InteropServices;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Lang.Diagnostics;

namespace Mgmt.Lang.Interpret;

/// <summary>
/// Assembles a program's output into a resource graph: merges duplicate declarations (identical ones collapse,
/// compatible ones merge, others are errors; hidden resources may be repeated), validates the resources, wires
/// the edges and send/recv bindings, and refuses cycles. Every mistake is a <see cref="Phase.Interpret"/> error
/// at the statement that caused it.
/// </summary>
internal static class GraphAssembler
{
    public static ResourceGraph Assemble(ProgramOutput output)
    {
        var visible = new Dictionary<(string, string), ResourceOutput>(output.Resources.Count);
        var hidden = new Dictionary<(string, string), List<ResourceOutput>>();
        var order = new List<ResourceOutput>(output.Resources.Count);
        var exports = new Dictionary<(string, string, string), Resource>();
        foreach (var item in output.Resources)
        {
            var r = item.Resource;
            var key = (r.Kind, r.Name);
            CheckExports(item, exports);
            if (r.Meta.Hidden)
            {
                if (!hidden.TryGetValue(key, out var list)) hidden[key] = list = [];
                if (list.Count > 0 && list[^1].Resource.SameAs(r)) continue;
                list.Add(item);
                order.Add(item);
                continue;
            }
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(visible, key, out var exists);
            if (!exists)
            {
                slot = item;
                order.Add(item);
                continue;
            }
            var existing = slot!;
            if (existing.Resource is ICompatible a && r is ICompatible)
            {
                if (!a.Adapts(r))
                {
                    throw new LangException(Phase.Interpret,
                        $"{r} is declared twice with parameters that cannot be merged ({Differences.First(existing.Resource, r)}); make the declarations agree",
                        item.Span);
                }
                var merged = new ResourceOutput(a.Merge(r), existing.Span);
                visible[key] = merged;
                order[order.IndexOf(existing)] = merged;
                continue;
            }
            if (!existing.Resource.SameAs(r))
            {
                throw new LangException(Phase.Interpret,
                    $"{r} is declared twice with different parameters ({Differences.First(existing.Resource, r)}); make the declarations identical, or give them different names",
                    item.Span);
            }
        }

        var receivers = new HashSet<(string, string)>(output.SendRecv.Select(s => (s.ToKind, s.ToName)));
        var graph = new ResourceGraph { Name = "interpret" };
        foreach (var item in order)
        {
            // A reused object was validated when it was made, and nothing it depends on has changed since.
            if (!item.Reused) Validate(item, receivers.Count > 0 && receivers.Contains((item.Resource.Kind, item.Resource.Name)));
            graph.AddVertex(item.Resource);
        }

        List<Resource> Lookup(string kind, string name, SourceSpan span)
        {
            var found = new List<Resource>();
            if (visible.TryGetValue((kind, name), out var v)) found.Add(v.Resource);
            if (hidden.TryGetValue((kind, name), out var hs)) found.AddRange(hs.Select(h => h.Resource));
            if (found.Count == 0)
            {
                throw new LangException(Phase.Interpret,
                    $"an edge refers to {kind}[{name}], but the program declares no such resource", span);
            }
            return found;
        }

        // Which statement made each edge, so that a cycle can be shown where it is written.
        var edgeSpans = new Dictionary<(Resource, Resource), SourceSpan>(EdgeKeyComparer.Instance);
        foreach (var edge in output.Edges)
        {
            var froms = Lookup(edge.FromKind, edge.FromName, edge.Span);
            var tos = Lookup(edge.ToKind, edge.ToName, edge.Span);
            foreach (var from in froms)
            {
                foreach (var to in tos)
                {
                    graph.Connect(from, to, edge.Notify);
                    edgeSpans.TryAdd((from, to), edge.Span);
                }
            }
        }
        SendRecvLinker.Link(graph, output.SendRecv, Lookup);

        if (edgeSpans.Count > 0 && Connected(graph, edgeSpans.Keys).TopologicalSort(out var cycle) is null)
        {
            // The last edge of the cycle is underlined (the one that closes it); the others are listed after it.
            var spans = cycle!.Zip(cycle!.Skip(1))
                .Select(pair => edgeSpans.GetValueOrDefault(pair, SourceSpan.None))
                .Where(s => !s.IsNone).Distinct().Reverse().ToArray();
            throw new LangException(Phase.Interpret,
                $"the resource graph has a cycle: {string.Join(" -> ", cycle!)}; remove one of these edges so the resources can be ordered",
                spans);
        }
        return graph;
    }

    /// <summary>
    /// The part of <paramref name="graph"/> made of the resources that have edges, in the same order and with the
    /// same edges (<paramref name="edges"/>: every edge, in the order they were connected): a cycle can only lie there, and sorting it finds the same cycle as sorting the whole graph
    /// without a pass over every resource of a large program that declares few edges.
    /// </summary>
    private static Digraph<Resource, Edge> Connected(ResourceGraph graph, IEnumerable<(Resource From, Resource To)> edges)
    {
        var ends = new HashSet<Resource>(ReferenceEqualityComparer.Instance);
        foreach (var (from, to) in edges)
        {
            ends.Add(from);
            ends.Add(to);
        }
        var part = new Digraph<Resource, Edge>(ReferenceEqualityComparer.Instance);
        foreach (var r in graph.Vertices)
        {
            if (ends.Contains(r)) part.AddVertex(r);
        }
        // In the order they were connected, so that a cycle is found from the same place as in the whole graph.
        foreach (var (from, to) in edges)
        {
            if (graph.TryGetEdge(from, to, out var edge)) part.AddEdge(from, to, edge);
        }
        return part;
    }

    /// <summary>Edges keyed by the identity of their two resources (resources compare by value otherwise).</summary>
    private sealed class EdgeKeyComparer : IEqualityComparer<(Resource, Resource)>
    {
        public static readonly EdgeKeyComparer Instance = new();

        public bool Equals((Resource, Resource) x, (Resource, Resource) y) =>
            ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);

        public int GetHashCode((Resource, Resource) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item1),
                System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item2));
    }

    private static void CheckExports(ResourceOutput item, Dictionary<(string, string, string), Resource> exports)
    {
        var r = item.Resource;
        foreach (var host in r.Meta.Export)
        {
            if (exports.TryGetValue((r.Kind, r.Name, host), out var other) && !other.SameAs(r))
            {
                throw new LangException(Phase.Interpret,
                    $"{r} is exported to {host} twice with different parameters ({Differences.First(other, r)}); only one version can be exported",
                    item.Span);
            }
            exports[(r.Kind, r.Name, host)] = r;
        }
    }

    // Hidden resources are never run, so they need not be complete. A resource that receives values is checked
    // by the engine once it has them.
    internal static void Validate(ResourceOutput item, bool receives)
    {
        var r = item.Resource;
        if (r.Name.Length == 0)
        {
            throw new LangException(Phase.Interpret, $"{r.Kind}[]: a resource needs a non-empty name", item.Span);
        }
        // Export targets are checked even on hidden resources: a hidden resource may still be exported.
        if (r.Meta.FindExportProblems() is [var badTarget, ..])
        {
            throw new LangException(Phase.Interpret, $"{r} is not valid: {badTarget.Message}", item.Span);
        }
        if (r.Meta.Hidden) return;
        if (r.Name.StartsWith('$') && !r.Meta.Dollar)
        {
            throw new LangException(Phase.Interpret,
                $"{r} is not valid: the name starts with '$', which usually means a variable was not interpolated (write \"${{name}}\"); if the name is meant, set Meta:dollar => true",
                item.Span);
        }
        try
        {
            r.Meta.Validate();
            if (!receives) r.Validate();
        }
        catch (Exception e) when (e is ResourceValidationException or ArgumentException or FormatException)
        {
            throw new LangException(Phase.Interpret, $"{r} is not valid: {e.Message}", item.Span);
        }
    }
}
