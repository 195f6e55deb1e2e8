using Mgmt.Engine.AutoEdges;
using Mgmt.Engine.AutoGroups;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Reversals;
using Mgmt.Engine.SendRecv;
using Microsoft.Extensions.Logging;

namespace Mgmt.Engine.Runtime;

/// <summary>
/// The checks and rewrites a new graph goes through before it may replace the running one: validation, the
/// deploy-wide meta parameters, send/recv checks and their implied edges, injected reversals, the acyclicity
/// check, automatic edges and automatic grouping. Everything here either succeeds or throws a
/// <see cref="GraphException"/> before the running graph is touched.
/// </summary>
internal sealed class GraphPreparer(Engine engine, ILogger log)
{
    private EngineOptions Options => engine.Options;

    /// <summary>The semaphore id <c>--sema</c> adds to every resource, or null.</summary>
    internal string? Sema => Options.Sema is { } n ? $":{n}" : null;

    public WorkGraph Prepare(ResourceGraph input)
    {
        var t0 = Options.Time.GetTimestamp();
        var nodes = new List<Resource>(input.VertexCount);
        var index = new Dictionary<Resource, int>(input.VertexCount, ReferenceEqualityComparer.Instance);
        var merged = CompatibleDuplicates.Collect(input.Vertices, nodes, index, Adopt);
        var sema = Sema;
        foreach (var r in nodes) ApplyGlobalMeta(r, sema);
        ValidateAll(nodes);
        EngineLog.StageDone(log, "validate", Options.Time.GetElapsedTime(t0).TotalMilliseconds, "");
        t0 = Options.Time.GetTimestamp();

        var bindings = input.Bindings;
        SendRecvValidator.Validate(bindings, index.ContainsKey);
        var working = bindings
            .Select(b => new SendRecvBinding(nodes[index[b.Sender]], b.Key, nodes[index[b.Receiver]], b.Param))
            .ToList();

        var reversals = InjectReversals(nodes, sema);
        EngineLog.StageDone(log, "reversals", Options.Time.GetElapsedTime(t0).TotalMilliseconds, "");
        t0 = Options.Time.GetTimestamp();

        var edges = new List<(int, int, Edge)>(input.VertexCount);
        foreach (var (from, to, edge) in input.Edges()) edges.Add((index[from], index[to], edge));
        foreach (var b in bindings)
        {
            int from = index[b.Sender], to = index[b.Receiver];
            if (!input.TryGetEdge(b.Sender, b.Receiver, out _)) edges.Add((from, to, new Edge($"{b.Sender} -> {b.Receiver}")));
        }
        if (merged) edges = CompatibleDuplicates.Normalize(edges);
        var dag = IncrementalDag.Create(nodes.Count, edges, out var cycle);
        if (dag is null)
        {
            var names = string.Join(" -> ", cycle!.Select(i => nodes[i].ToString()));
            throw new GraphException($"the graph has a cycle: {names}; remove one of these edges so that the resources can be ordered");
        }

        EngineLog.StageDone(log, "dag", Options.Time.GetElapsedTime(t0).TotalMilliseconds, "");
        var graph = new WorkGraph(nodes, dag, working, reversals) { Merged = merged };
        if (Options.AutoEdges)
        {
            var start = Options.Time.GetTimestamp();
            var added = AutoEdger.Run(graph, i => !reversals.ContainsKey(i) && nodes[i].Meta is { AutoEdge: true, Hidden: false }, out var leftOut);
            graph.AutoEdgesLeftOut = leftOut;
            EngineLog.StageDone(log, "autoedges", Options.Time.GetElapsedTime(start).TotalMilliseconds, $"{added} edge(s) added");
        }
        if (Options.AutoGroup)
        {
            var start = Options.Time.GetTimestamp();
            var grouped = AutoGrouper.Run(graph, i => !reversals.ContainsKey(i) && nodes[i].Meta is { AutoGroup: true, Hidden: false });
            EngineLog.StageDone(log, "autogroup", Options.Time.GetElapsedTime(start).TotalMilliseconds, $"{grouped} resource(s) grouped");
        }
        return graph;
    }

    // A resource object that is already running (the front end handed the same object in again) must not be
    // rewired by grouping while it runs: the pipeline works on a copy, and the diff then keeps the running one.
    internal Resource Adopt(Resource r)
    {
        if (engine.IsRunning(r)) return r.Copy();
        r.GroupedMembers.Clear();
        r.GroupParent = null;
        return r;
    }

    internal void ApplyGlobalMeta(Resource r, string? sema)
    {
        if (Options.Noop && !r.Meta.Noop) r.Meta = r.Meta with { Noop = true };
        if (sema is not null && !r.Meta.Sema.Contains(sema)) r.Meta = r.Meta with { Sema = [.. r.Meta.Sema, sema] };
    }

    internal static void ValidateAll(IEnumerable<Resource> nodes)
    {
        var seen = new HashSet<(string, string, bool)>();
        foreach (var r in nodes)
        {
            if (r.Name.Length == 0) throw new GraphException($"{r.Kind}[]: the name is empty; every resource needs a name");
            if (!seen.Add((r.Kind, r.Name, r.Meta.Hidden)))
            {
                throw new GraphException(r is ICompatible
                    ? $"{r} is in the graph twice with parameters that cannot be merged; make the declarations agree"
                    : $"{r} is in the graph twice; give each resource of one kind its own name");
            }
            try
            {
                // Hidden resources are the usual exporters, so their targets are checked too.
                Exports.ExportTargets.Validate(r.Meta);
            }
            catch (ResourceValidationException e)
            {
                throw new GraphException($"{r}: {e.Message}", e);
            }
            if (r.Meta.Hidden) continue;
            if (r.Meta.RefusesName(r.Name))
            {
                throw new GraphException(
                    $"{r}: the name starts with '$', which usually means a variable was not interpolated; " +
                    "if the name is meant, set Meta:dollar => true");
            }
            try
            {
                r.Meta.Validate();
                r.Validate();
            }
            catch (Exception e)
            {
                throw new GraphException($"{r}: {e.Message}", e);
            }
        }
    }

    private Dictionary<int, ReversalTarget> InjectReversals(List<Resource> nodes, string? sema)
    {
        var injected = new Dictionary<int, ReversalTarget>();
        var (pending, unreadable) = engine.ReversalStore.Load(engine.FindKind);
        foreach (var bad in unreadable) EngineLog.ReversalUnreadable(log, bad.Path, bad.Problem);
        if (pending.Count == 0) return injected;

        var present = new HashSet<(string, string)>(nodes.Where(r => !r.Meta.Hidden).Select(r => (r.Kind, r.Name)));
        foreach (var p in pending)
        {
            if (present.Contains((p.ForKind, p.ForName))) continue; // still managed: nothing to undo yet
            var reversal = p.Reversal;
            if (present.Contains((reversal.Kind, reversal.Name)))
            {
                EngineLog.ReversalSkipped(log, $"{p.ForKind}[{p.ForName}]", reversal.ToString());
                continue;
            }
            reversal.Meta = reversal.Meta with { Reverse = false };
            ApplyGlobalMeta(reversal, sema);
            try
            {
                reversal.Meta.Validate();
                reversal.Validate();
            }
            catch (Exception e)
            {
                EngineLog.ReversalInvalid(log, reversal.ToString(), e.Message);
                continue;
            }
            injected[nodes.Count] = new ReversalTarget(p.ForKind, p.ForName);
            nodes.Add(reversal);
            present.Add((reversal.Kind, reversal.Name));
            EngineLog.ReversalInjected(log, reversal.ToString(), $"{p.ForKind}[{p.ForName}]");
        }
        return injected;
    }
}
