using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Engine.SendRecv;

namespace Mgmt.Engine.Runtime;

/// <summary>Graph swaps: prepare the new graph, diff it with the running one, and carry out the difference.</summary>
public sealed partial class Engine
{
    /// <summary>
    /// Makes <paramref name="graph"/> the running graph. It is validated (every resource's Validate and meta
    /// parameters, hidden ones excepted), given the deploy-wide noop and semaphore, automatic edges, automatic
    /// groups and pending reversals, and checked for cycles; then it is diffed with the running graph. A vertex
    /// equal by kind, name and <see cref="Resource.SameAs"/> (and meta, group members and bindings) keeps running
    /// untouched, with its watch and state; removed and changed vertices stop (their CheckApply in flight finishes,
    /// then Cleanup) before new and changed ones start. Edges come from the new graph. Returns once the new graph
    /// is running. The graph object itself is not changed; the resource objects of new and changed vertices become
    /// the running ones (they get the deploy-wide meta, their group members and, later, received values). A
    /// resource object that is already running may be passed again: it is compared through a copy.
    /// <para>
    /// A graph derived (<see cref="ResourceGraph.Derive"/>) from the graph last committed, and not changed since that
    /// commit, is swapped from its change record alone: the work follows the size of the change, not of the graph,
    /// and the outcome is the same. Any other graph, or one the record cannot serve (send/recv, grouping, a
    /// duplicate, a pending reversal...), goes through the usual preparation.
    /// </para>
    /// </summary>
    /// <exception cref="GraphException">
    /// The graph is refused (an invalid resource, a cycle, a bad send/recv binding...); the message says what to
    /// fix, and the running graph keeps running untouched.
    /// </exception>
    /// <exception cref="OperationCanceledException">Cancelled before the swap began; nothing changed.</exception>
    public async Task CommitAsync(ResourceGraph graph, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        await _commitLock.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            if (_shutdownStarted) throw new InvalidOperationException("the engine is shutting down and accepts no new graph");
            var time = Options.Time;
            var start = time.GetTimestamp();
            var committed = _committed;
            _committed = default; // until this swap is done
            try
            {
                if (TryIncremental(graph, DeltaOf(graph, committed)) is { } incremental)
                {
                    await CommitIncrementalAsync(incremental, graph, start, cancel).ConfigureAwait(false);
                }
                else
                {
                    await CommitFullAsync(graph, start, cancel).ConfigureAwait(false);
                }
            }
            catch (GraphException)
            {
                // Refused while planning: the running graph is still the one made from the committed graph.
                _committed = committed;
                throw;
            }
            _committed = (graph.Id, graph.Version);
            // Exports of resources that left (or stopped exporting) are withdrawn in the background.
            Exporter.RequestPrune();
            Interlocked.Increment(ref _swaps);
        }
        finally
        {
            _commitLock.Release();
        }
    }

    /// <summary>Prepares the whole graph, diffs it with every running vertex, and swaps it in.</summary>
    private async Task CommitFullAsync(ResourceGraph graph, long start, CancellationToken cancel)
    {
        var time = Options.Time;
        var work = Prepare(graph);
        foreach (var r in work.Nodes) KnowKind(r);
        var planStart = time.GetTimestamp();
        var plan = SwapPlan.Build(work, Running.ByKey);
        EngineLog.StageDone(Log, "plan", time.GetElapsedTime(planStart).TotalMilliseconds, "");
        EngineLog.StageDone(Log, "prepare", time.GetElapsedTime(start).TotalMilliseconds, $"{work.Nodes.Count} resource(s), {work.Dag.EdgeCount} edge(s)");

        await RealizeBeforeRemovalAsync(plan.Removed, cancel).ConfigureAwait(false);
        cancel.ThrowIfCancellationRequested();

        _index = null;
        await SwapAsync([.. plan.Removed, .. plan.Replaced], () => Publish(work, plan, graph.Name), plan.ChangesAnything,
            () => work.Live().Select(i => plan.Kept[i]).OfType<Vertex>()).ConfigureAwait(false);
        _index = SwapIndex.AfterFullSwap(work, graph, Running, Options.AutoGroup);
        EngineLog.SwapDone(Log, plan.KeptCount, plan.Added, plan.Replaced.Count, plan.Removed.Count, time.GetElapsedTime(start).TotalMilliseconds);
    }

    internal void KnowKind(Resource r) => _kinds.TryAdd(r.Kind, r.Descriptor);

    private WorkGraph Prepare(ResourceGraph graph)
    {
        try
        {
            return new GraphPreparer(this, Log).Prepare(graph);
        }
        catch (GraphException e)
        {
            EngineLog.GraphRefused(Log, e.Message);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A resource's Uids, AutoEdges or CanGroupWith threw: still the user's graph that cannot run.
            var refused = new GraphException($"the graph could not be prepared: {e.Message}", e);
            EngineLog.GraphRefused(Log, refused.Message);
            throw refused;
        }
    }

    private static bool WantsRealize(Vertex v)
    {
        for (var k = 0; k < v.ResourceCount; k++)
        {
            if (v.ResourceAt(k).Meta.Realize) return true;
        }
        return false;
    }

    // Meta:realize: a resource that never got to run must run once before it goes. This happens before the swap,
    // while the old graph (its parents included) still runs normally.
    private async Task RealizeBeforeRemovalAsync(IEnumerable<Vertex> leaving, CancellationToken cancel)
    {
        var waits = new List<Task>();
        foreach (var v in leaving)
        {
            if (v.EverRan || !WantsRealize(v)) continue;
            var realized = v.RealizedAsync();
            if (realized.IsCompleted) continue;
            v.Poke();
            waits.Add(realized);
        }
        if (waits.Count == 0) return;
        EngineLog.WaitingForRealize(Log, waits.Count);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, InterruptToken);
        try
        {
            await Task.WhenAll(waits).WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            // Interrupted by the user: stop waiting and get on with it.
        }
    }

    /// <summary>Stops <paramref name="stopping"/>, publishes the new graph and starts its new vertices.</summary>
    /// <remarks>The kept vertices of <paramref name="kept"/> that wait are poked once the new graph is published.</remarks>
    private async Task SwapAsync(IReadOnlyList<Vertex> stopping, Func<List<Vertex>> publish, bool changesAnything, Func<IEnumerable<Vertex>> kept)
    {
        var time = Options.Time;
        var start = time.GetTimestamp();
        Converger.Pause();
        try
        {
            List<Vertex> fresh;
            Gate.Close();
            try
            {
                await StopAllAsync(stopping).ConfigureAwait(false);
                EngineLog.StageDone(Log, "stop", time.GetElapsedTime(start).TotalMilliseconds, $"{stopping.Count} stopped");
                fresh = publish();
            }
            finally
            {
                Gate.Open();
            }

            // Started once the wiring is published and the gate is open, so that they never queue at the gate.
            foreach (var v in fresh) v.Start();
            // A kept vertex waiting on a parent that is gone, or that was replaced, must look again.
            foreach (var v in kept())
            {
                if (v.IsWaiting) v.Poke();
            }
            EngineLog.StageDone(Log, "commit", time.GetElapsedTime(start).TotalMilliseconds, $"{fresh.Count} started");
        }
        finally
        {
            Converger.Resume(changesAnything);
        }
    }

    /// <summary>Creates the new vertices, wires edges and bindings, and makes the new graph the running one.</summary>
    private List<Vertex> Publish(WorkGraph work, SwapPlan plan, string name)
    {
        var restarted = new HashSet<VertexKey>(plan.Replaced.Where(v => v.IsFailed).Select(v => v.Key));
        var receivers = new HashSet<Resource>(work.Bindings.Select(b => b.Receiver), ReferenceEqualityComparer.Instance);
        var runtime = new Vertex[work.Nodes.Count];
        var order = new List<Vertex>(work.Nodes.Count);
        var vertices = new Dictionary<VertexKey, Vertex>(work.Nodes.Count);
        var kept = new Dictionary<Resource, Resource>(ReferenceEqualityComparer.Instance); // new object -> running one
        var fresh = new List<Vertex>();
        foreach (var i in work.Live())
        {
            var r = work.Nodes[i];
            var v = plan.Kept[i];
            if (v is not null)
            {
                kept[r] = v.Resource;
                for (var k = 0; k < r.GroupedMembers.Count; k++) kept[r.GroupedMembers[k]] = v.Resource.GroupedMembers[k];
            }
            else
            {
                var retries = RetriesFor(r, restart: r.Meta.Rewatch && restarted.Contains(VertexKey.Of(r)));
                v = new Vertex(this, r, Pristine(r, receivers), plan.Signatures[i] ?? [], retries)
                {
                    ReversalOf = work.Reversals.GetValueOrDefault(i),
                };
                fresh.Add(v);
            }
            runtime[i] = v;
            order.Add(v);
            vertices[v.Key] = v;
        }

        var children = Wire(work, runtime);
        var next = new RunningGraph(name, [.. order], children, vertices);
        Bind(work, runtime, kept, next);
        _running = next;
        ForgetRetries(vertices);
        return fresh;
    }

    /// <summary>Builds the runtime edges; returns each live vertex's outgoing edges, in graph order.</summary>
    private static RuntimeEdge[][] Wire(WorkGraph work, Vertex[] runtime)
    {
        var parents = new List<RuntimeEdge>?[runtime.Length];
        var children = new List<RuntimeEdge>?[runtime.Length];
        foreach (var (from, to, edge) in work.Dag.Edges())
        {
            var e = new RuntimeEdge(runtime[from], runtime[to], edge);
            foreach (var old in runtime[to].Parents)
            {
                if (ReferenceEquals(old.From, e.From)) e.InheritFrom(old);
            }
            (parents[to] ??= []).Add(e);
            (children[from] ??= []).Add(e);
        }
        var result = new List<RuntimeEdge[]>(runtime.Length);
        foreach (var i in work.Live())
        {
            runtime[i].Parents = parents[i]?.ToArray() ?? [];
            runtime[i].Children = children[i]?.ToArray() ?? [];
            result.Add(runtime[i].Children);
        }
        return [.. result];
    }

    private static void Bind(WorkGraph work, Vertex[] runtime, Dictionary<Resource, Resource> kept, RunningGraph next)
    {
        var bindings = new Dictionary<Vertex, List<ReceiveBinding>>(ReferenceEqualityComparer.Instance);
        foreach (var b in work.Bindings)
        {
            var sender = kept.GetValueOrDefault(b.Sender) ?? b.Sender;
            var receiver = kept.GetValueOrDefault(b.Receiver) ?? b.Receiver;
            var into = next.VertexOf(receiver)!;
            var binding = new ReceiveBinding(ContextOf(next.VertexOf(sender)!, sender), b.Key, ContextOf(into, receiver), receiver.Descriptor.FindParam(b.Param)!);
            if (!bindings.TryGetValue(into, out var list)) bindings[into] = list = [];
            list.Add(binding);
        }
        foreach (var i in work.Live())
        {
            runtime[i].Bindings = bindings.TryGetValue(runtime[i], out var list) ? [.. list] : [];
        }
    }

    private static ResourceContext ContextOf(Vertex vertex, Resource resource) =>
        ReferenceEquals(vertex.Resource, resource) ? vertex.Context : vertex.Members.First(m => ReferenceEquals(m.Resource, resource));

    // The graph's values of a receiver are kept aside, so that the next swap compares the graph with the graph and
    // not with values received since.
    private static Resource[]? Pristine(Resource r, HashSet<Resource> receivers)
    {
        if (receivers.Count == 0 || (!receivers.Contains(r) && !r.GroupedMembers.Any(receivers.Contains))) return null;
        return [.. r.GroupedMembers.Prepend(r).Select(x => receivers.Contains(x) ? x.Copy() : x)];
    }

    private RetryCounter RetriesFor(Resource r, bool restart)
    {
        // Nothing to remember without retries: spare 100,000 plain resources a counter each.
        if (r.Meta.Retry == 0 && !_retries.ContainsKey((r.Kind, r.Name))) return RetryCounter.None;
        if (r.Meta.Hidden) return new RetryCounter(r.Meta.Retry);
        var key = (r.Kind, r.Name);
        if (restart || r.Meta.Reset || !_retries.TryGetValue(key, out var counter))
        {
            _retries[key] = counter = new RetryCounter(r.Meta.Retry);
        }
        return counter;
    }

    private void ForgetRetries(Dictionary<VertexKey, Vertex> vertices)
    {
        if (_retries.Count <= vertices.Count && _retries.Keys.All(k => vertices.ContainsKey(new VertexKey(k.Kind, k.Name, false)))) return;
        foreach (var key in _retries.Keys.ToList())
        {
            if (!vertices.ContainsKey(new VertexKey(key.Kind, key.Name, false))) _retries.Remove(key);
        }
    }

    /// <summary>Stops vertices in parallel, logging the ones that take long (a CheckApply that does not return).</summary>
    private async Task StopAllAsync(IReadOnlyList<Vertex> vertices)
    {
        if (vertices.Count == 0) return;
        var stops = vertices.Select(v => v.StopAsync()).ToArray();
        var all = Task.WhenAll(stops);
        var waited = 0;
        while (!all.IsCompleted)
        {
            using var watchdog = new CancellationTokenSource();
            var tick = Task.Delay(TimeSpan.FromSeconds(10), Options.Time, watchdog.Token);
            if (await Task.WhenAny(all, tick).ConfigureAwait(false) == all)
            {
                await watchdog.CancelAsync().ConfigureAwait(false);
                break;
            }
            waited += 10;
            for (var i = 0; i < stops.Length; i++)
            {
                if (!stops[i].IsCompleted) EngineLog.SlowToStop(Log, vertices[i].Resource.ToString(), waited);
            }
        }
        await all.ConfigureAwait(false);
    }
}
