using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Runtime;

/// <summary>Graph swaps that work from the difference with the running graph (see <see cref="IncrementalSwap"/>).</summary>
public sealed partial class Engine
{
    // What the incremental swap keeps between swaps; null while the running graph needs the full preparation.
    // Only read and written under the commit lock.
    private SwapIndex? _index;

    /// <summary>How many swaps took the incremental path, for tests and the bench.</summary>
    internal long IncrementalSwaps { get; private set; }

    /// <summary>The incremental plan of <paramref name="graph"/>, or null when it must be prepared in full.</summary>
    private IncrementalSwap? TryIncremental(ResourceGraph graph)
    {
        if (_index is not { } index || _running is not { } running) return null;
        var swap = new IncrementalSwap(this, Log, graph, running, index);
        try
        {
            if (swap.TryPlan()) return swap;
        }
        catch (GraphException e)
        {
            if (swap.IndexTouched) _index = null;
            EngineLog.GraphRefused(Log, e.Message);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A resource's Uids or AutoEdges threw: let the full preparation report it the usual way.
            _index = null;
            EngineLog.PreparedInFull(Log, $"{e.GetType().Name}: {e.Message}");
            return null;
        }
        if (swap.IndexTouched) _index = null;
        EngineLog.PreparedInFull(Log, swap.Reason);
        return null;
    }

    private async Task CommitIncrementalAsync(IncrementalSwap swap, ResourceGraph graph, long start, CancellationToken cancel)
    {
        var time = Options.Time;
        EngineLog.StageDone(Log, "prepare", time.GetElapsedTime(start).TotalMilliseconds,
            $"incremental: {swap.Kept} kept, {swap.Added} added, {swap.Replaced.Count} replaced, {swap.Removed.Count} removed");
        try
        {
            await RealizeBeforeRemovalAsync(swap.Removed, cancel).ConfigureAwait(false);
            cancel.ThrowIfCancellationRequested();
        }
        catch
        {
            // The index already holds the new graph's automatic-edge identities.
            _index = null;
            throw;
        }
        Dictionary<Resource, Vertex>? created = null;
        await SwapAsync([.. swap.Removed, .. swap.Replaced], () => PublishIncremental(swap, graph.Name, out created), swap.ChangesAnything,
            swap.Rewired).ConfigureAwait(false);
        swap.UpdateIndex(created!);
        IncrementalSwaps++;
        EngineLog.SwapDone(Log, swap.Kept, swap.Added, swap.Replaced.Count, swap.Removed.Count, time.GetElapsedTime(start).TotalMilliseconds);
    }

    /// <summary>Creates the new vertices, rewires the vertices next to a change, and publishes the new running graph.</summary>
    private List<Vertex> PublishIncremental(IncrementalSwap swap, string name, out Dictionary<Resource, Vertex> created)
    {
        var running = Running;
        var restarted = new HashSet<VertexKey>(swap.Replaced.Where(v => v.IsFailed).Select(v => v.Key));
        created = new Dictionary<Resource, Vertex>(ReferenceEqualityComparer.Instance);
        var fresh = new List<Vertex>();
        foreach (var (node, _) in swap.Entering)
        {
            var retries = RetriesFor(node, restart: node.Meta.Rewatch && restarted.Contains(VertexKey.Of(node)));
            var v = new Vertex(this, node, null, [], retries);
            created[node] = v;
            fresh.Add(v);
        }
        var made = created;
        var index = _index!;
        swap.Materialize(r => made.TryGetValue(r, out var v) ? v : index.ByResource[r]);

        // The running order, with each replaced vertex's successor in its place and added ones at the end.
        var order = new List<Vertex>(running.Order.Count + swap.Added);
        foreach (var v in running.Order)
        {
            if (swap.Keeps(v)) order.Add(v);
            else if (swap.IsReplaced(v)) order.Add(made[swap.ReplacementOf(v)]);
        }
        foreach (var (node, replaces) in swap.Entering)
        {
            if (replaces is null) order.Add(made[node]);
        }
        // Updated in place: only read under the commit lock (see RunningGraph).
        var vertices = running.ByKey;
        foreach (var v in swap.Removed) vertices.Remove(v.Key);
        foreach (var (node, v) in made) vertices[VertexKey.Of(node)] = v;
        _running = new RunningGraph(name, [.. order], null, vertices);
        ForgetRetries(vertices);
        return fresh;
    }
}
