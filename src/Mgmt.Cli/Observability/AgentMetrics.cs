using Mgmt.Engine.Observability;
using Mgmt.Engine.Runtime;
using Prometheus;

namespace Mgmt.Cli.Observability;

using Engine = Mgmt.Engine.Runtime.Engine;

/// <summary>
/// The agent's Prometheus metrics (<c>--prometheus</c>), in a registry of their own: per resource (kind and name
/// labels) the checks, changes, failures, CheckApply durations and watch events; for the engine the graph swaps,
/// vertices, convergence and the time of the last change; the function graph; the world's store calls, members and
/// deploy. Counters move with the engine's events; the rest is read from the engine when Prometheus scrapes.
/// </summary>
internal sealed class AgentMetrics : IAgentMetrics
{
    private static readonly string[] ResourceLabels = ["kind", "name"];

    private readonly Counter _checks;
    private readonly Counter _changes;
    private readonly Counter _failures;
    private readonly Histogram _duration;
    private readonly Counter _watchEvents;
    private readonly Counter _swaps;
    private readonly Gauge _vertices;
    private readonly Gauge _converged;
    private readonly Gauge _lastChange;
    private readonly Gauge _graphStart;
    private readonly Gauge _functionNodes;
    private readonly Counter _functionValues;
    private readonly Histogram _worldCalls;
    private readonly Counter _worldErrors;
    private readonly Gauge _members;
    private readonly Gauge _deploy;
    private readonly Dictionary<(string Kind, string Name), long> _seenWatchEvents = [];
    private readonly Lock _lock = new();
    private Engine? _engine;
    private long _seenSwaps;
    private long _seenValues;
    private TimeProvider _time = TimeProvider.System;

    public AgentMetrics()
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        _checks = factory.CreateCounter("mgmt_checkapply_total", "CheckApply runs, by resource", ResourceLabels);
        _changes = factory.CreateCounter("mgmt_changes_total", "CheckApply runs that changed something (or would have, in noop), by resource", ResourceLabels);
        _failures = factory.CreateCounter("mgmt_failures_total", "failed CheckApply or Watch runs, by resource", ResourceLabels);
        _duration = factory.CreateHistogram("mgmt_checkapply_duration_seconds", "how long CheckApply took, by resource", ResourceLabels,
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0001, 4, 10) });
        _watchEvents = factory.CreateCounter("mgmt_watch_events_total", "events sent by resources' watches, by resource", ResourceLabels);
        _swaps = factory.CreateCounter("mgmt_graph_swaps_total", "resource graphs swapped in");
        _vertices = factory.CreateGauge("mgmt_graph_vertices", "vertices of the running resource graph");
        _converged = factory.CreateGauge("mgmt_converged", "1 when every resource has been idle for the converger timeout, else 0");
        _lastChange = factory.CreateGauge("mgmt_last_change_time_seconds", "unix time of the last change a resource made (0: none yet)");
        _graphStart = factory.CreateGauge("mgmt_graph_start_time_seconds", "unix time the running resource graph was swapped in");
        _functionNodes = factory.CreateGauge("mgmt_function_graph_nodes", "nodes of the mcl program's function graph");
        _functionValues = factory.CreateCounter("mgmt_function_values_total", "values produced by the function graph's nodes");
        _worldCalls = factory.CreateHistogram("mgmt_world_call_duration_seconds", "calls to the world's store, by operation", ["operation"],
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0001, 4, 10) });
        _worldErrors = factory.CreateCounter("mgmt_world_call_errors_total", "calls to the world's store that failed, by operation", ["operation"]);
        _members = factory.CreateGauge("mgmt_world_members", "etcd members of the cluster, as the world lists them at each scrape (0 on the embedded world)");
        _deploy = factory.CreateGauge("mgmt_deploy_id", "the deploy this agent runs (not fed yet: see docs/operations.md)");
        Registry.AddBeforeCollectCallback(ReadEngine);
    }

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    /// <summary>
    /// Reads the cluster's etcd members from <paramref name="world"/> at each scrape. A store that does not answer
    /// within a second leaves the last value: a scrape must not hang on an election.
    /// </summary>
    public void ObserveWorld(Mgmt.World.IWorld world) => Registry.AddBeforeCollectCallback(async cancel =>
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            var status = await world.GetClusterStatusAsync(timeout.Token).ConfigureAwait(false);
            WorldMembers(status.Members.Count);
        }
        catch (Exception e) when (e is Mgmt.World.WorldException or OperationCanceledException && !cancel.IsCancellationRequested)
        {
        }
    });

    /// <summary>Follows <paramref name="engine"/>: its events move the counters, its status is read at each scrape.</summary>
    public void Observe(Engine engine)
    {
        _engine = engine;
        _time = engine.Options.Time;
        engine.ResourceEvent += OnResourceEvent;
        engine.Converger.StateChanged += converged => _converged.Set(converged ? 1 : 0);
    }

    private void OnResourceEvent(ResourceEvent e)
    {
        switch (e.Type)
        {
            case ResourceEventType.Checked or ResourceEventType.Changed:
                _checks.WithLabels(e.Kind, e.Name).Inc();
                _duration.WithLabels(e.Kind, e.Name).Observe(e.Duration.TotalSeconds);
                if (e.Type == ResourceEventType.Changed)
                {
                    _changes.WithLabels(e.Kind, e.Name).Inc();
                    if (!e.Noop) _lastChange.Set(_time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
                }
                break;
            default:
                _failures.WithLabels(e.Kind, e.Name).Inc();
                break;
        }
    }

    /// <summary>At each scrape: the engine's own counts (watch events per vertex, swaps, vertices).</summary>
    private void ReadEngine()
    {
        if (_engine is not { } engine) return;
        lock (_lock)
        {
            var status = engine.Status();
            _vertices.Set(status.Count);
            foreach (var s in status)
            {
                // A replaced vertex starts counting again from 0: count what it has as new.
                var seen = _seenWatchEvents.GetValueOrDefault((s.Kind, s.Name));
                var delta = s.WatchEvents >= seen ? s.WatchEvents - seen : s.WatchEvents;
                if (delta > 0) _watchEvents.WithLabels(s.Kind, s.Name).Inc(delta);
                _seenWatchEvents[(s.Kind, s.Name)] = s.WatchEvents;
            }
            var swaps = engine.Swaps;
            if (swaps > _seenSwaps)
            {
                _swaps.Inc(swaps - _seenSwaps);
                _seenSwaps = swaps;
                _graphStart.Set(_time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
            }
            _converged.Set(engine.Converger.IsConverged ? 1 : 0);
        }
    }

    public void FunctionGraph(int nodes, long valuesProduced)
    {
        _functionNodes.Set(nodes);
        lock (_lock)
        {
            if (valuesProduced > _seenValues) _functionValues.Inc(valuesProduced - _seenValues);
            _seenValues = valuesProduced;
        }
    }

    public void WorldCall(string operation, TimeSpan duration, bool failed)
    {
        _worldCalls.WithLabels(operation).Observe(duration.TotalSeconds);
        if (failed) _worldErrors.WithLabels(operation).Inc();
    }

    public void WorldMembers(int members) => _members.Set(members);

    public void Deploy(long id) => _deploy.Set(id);
}
