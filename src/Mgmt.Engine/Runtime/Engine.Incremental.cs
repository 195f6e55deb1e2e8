using System.Collections.Concurrent;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Runtime;

/// <summary>Graph swaps that work from the difference with the running graph (see <see cref="IncrementalSwap"/>).</summary>
public sealed partial class Engine
{
    // What the incremental swap keeps between swaps; null while the running graph needs the full preparation.
    // Only read and written under the commit lock.
    private SwapIndex? _index;

    // The graph the running graph was last made from, as it was then (see Digraph.Derive): a graph derived from it
    // is planned from its change record. Id 0 is no graph. Only read and written under the commit lock.
    private (long Id, long Version) _committed;

    // The vertices that failed and were not seen to recover since, by key: a swap from a change record restarts the
    // ones with Meta:rewatch as the full path does, without looking at every vertex. It may hold vertices that left.
    private readonly ConcurrentDictionary<VertexKey, Vertex> _failedVertices = new();

    /// <summary>How many swaps took the incremental path, for tests and the bench.</summary>
    internal long IncrementalSwaps { get; private set; }

    /// <summary>How many of those were planned from the graph's change record alone, for tests and the bench.</summary>
    internal long DeltaSwaps { get; private set; }

    internal void NoteFailed(Vertex v) => _failedVertices[v.Key] = v;

    internal void NoteRecovered(Vertex v) => _failedVertices.TryRemove(KeyValuePair.Create(v.Key, v));

    /// <summary>The failed vertices that still run (the others are forgotten on the way).</summary>
    internal IEnumerable<Vertex> FailedRunning(Func<Vertex, bool> running)
    {
        foreach (var (key, v) in _failedVertices)
        {
            if (!running(v)) _failedVertices.TryRemove(KeyValuePair.Create(key, v));
            else if (v.IsFailed) yield return v;
        }
    }

    /// <summary>
    /// The change record of <paramref name="graph"/> when it was derived from the very graph the running graph was
    /// made from, unchanged since, and the index can map its resources to running ones; otherwise null.
    /// </summary>
    private GraphChanges<Resource, Edge>? DeltaOf(ResourceGraph graph, (long Id, long Version) committed) =>
        committed.Id != 0 && graph.IsDerivedFrom(committed.Id, committed.Version) && _index is { Inputs: not null } ? graph.Changes() : null;

    /// <summary>The incremental plan of <paramref name="graph"/>, or null when it must be prepared in full.</summary>
    private IncrementalSwap? TryIncremental(ResourceGraph graph, GraphChanges<Resource, Edge>? delta)
    {
        if (_index is not { } index || _running is not { } running) return null;
        // With a change record the plan works from it alone; what the record refuses (a duplicate, a cycle...), the
        // walk over the whole graph would refuse too, so either way a refusal means the full preparation.
        var swap = new IncrementalSwap(this, Log, graph, running, index, delta);
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
            $"{(swap.FromDelta ? "from the change record" : "incremental")}: {swap.Kept} kept, {swap.Added} added, {swap.Replaced.Count} replaced, {swap.Removed.Count} removed");
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
        if (swap.FromDelta) DeltaSwaps++;
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

        // The running order, with each replaced vertex's successor in its place and added ones at the end (built
        // when first read: see RunningGraph).
        var replaced = swap.Replaced.Select(v => (v, made[swap.ReplacementOf(v)])).ToList();
        var added = swap.Entering.Where(e => e.Replaces is null).Select(e => made[e.Node]).ToList();
        // Updated in place: only read under the commit lock (see RunningGraph).
        var vertices = running.ByKey;
        foreach (var v in swap.Removed) vertices.Remove(v.Key);
        foreach (var (node, v) in made) vertices[VertexKey.Of(node)] = v;
        _running = running.After(name, new OrderChange(replaced, [.. swap.Removed], added), vertices);
        ForgetRetries(vertices);
        return fresh;
    }
}
