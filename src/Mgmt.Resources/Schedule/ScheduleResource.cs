using Mgmt.Engine.Resources;
using Mgmt.World;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>
/// <c>schedule</c>: makes this host a candidate of a schedule namespace. Every host (candidate or not) reads the
/// elected hosts with <c>world.schedule</c>; as candidates come and go, the election follows. With
/// <see cref="Withdraw"/> the resource removes this host from the candidates instead.
/// </summary>
/// <remarks>
/// The candidacy starts with the first CheckApply, so it waits for the resource's dependencies. It ends when the
/// resource leaves the graph or the agent stops: at once, or, with <see cref="Persist"/>, after <see cref="Ttl"/>
/// (never without one). An agent that dies keeps its candidacy for <see cref="Ttl"/> (10 s by default). When the
/// candidates' options differ, those of the first candidate apply to everyone (see docs/cluster.md).
/// </remarks>
[ResourceKind("schedule")]
public sealed class ScheduleResource : Resource
{
    private static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(5);

    private IWorld? _world;
    private bool _joined;
    private CancellationToken _stopping;

    /// <summary>The namespace; the resource's name when empty.</summary>
    [Param("namespace")]
    public string Namespace { get; set; } = "";

    /// <summary><c>rr</c> (in order of arrival, the default) or <c>alpha</c> (alphabetical).</summary>
    [Param("strategy")]
    public string? Strategy { get; set; }

    /// <summary>How many hosts to elect; 1 when unset.</summary>
    [Param("max")]
    public long? Max { get; set; }

    /// <summary>Keep the candidacy when this host leaves cleanly: for <see cref="Ttl"/>, or forever without one.</summary>
    [Param("persist")]
    public bool Persist { get; set; }

    /// <summary>Seconds the candidacy outlives this host; 10 when unset or 0 (as in the reference).</summary>
    [Param("ttl")]
    public long? Ttl { get; set; }

    /// <summary>Remove this host from the candidates (also a persisted candidacy of an earlier run).</summary>
    [Param("withdraw")]
    public bool Withdraw { get; set; }

    /// <summary>The namespace actually used.</summary>
    public string EffectiveNamespace => Namespace.Length > 0 ? Namespace : Name;

    public override void Validate()
    {
        ClusterWorld.Validate(() => WorldKeys.ValidateNamespace(EffectiveNamespace));
        if (Withdraw)
        {
            var extra = new[] { ("strategy", Strategy is not null), ("max", Max is not null), ("persist", Persist), ("ttl", Ttl is not null) }
                .Where(p => p.Item2).Select(p => p.Item1).ToList();
            if (extra.Count > 0)
            {
                throw new ResourceValidationException(
                    $"withdraw => true removes this host from the schedule, so {string.Join(", ", extra)} mean(s) nothing here: remove {(extra.Count == 1 ? "it" : "them")}");
            }
            return;
        }
        try
        {
            Options().Validate();
        }
        catch (ArgumentException e)
        {
            throw new ResourceValidationException(e.Message);
        }
    }

    /// <summary>The candidacy's options.</summary>
    public ScheduleOptions Options()
    {
        if (Max is > int.MaxValue or < int.MinValue) throw new ArgumentException($"schedule option max is {Max}: it is far too large");
        if (Ttl is > 365L * 24 * 3600 or < 0) throw new ArgumentException($"schedule option ttl is {Ttl} s: it must be between 1 second and one year");
        return new ScheduleOptions
        {
            Strategy = ScheduleOptions.ParseStrategy(Strategy ?? ""),
            Max = (int)(Max ?? 1),
            // As in the reference, ttl => 0 asks for the default time to live.
            Ttl = Ttl is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : null,
            Persist = Persist,
        };
    }

    public override async Task InitAsync(IResourceContext context)
    {
        await base.InitAsync(context).ConfigureAwait(false);
        _world = ClusterWorld.Require(context, Kind);
    }

    public override async Task WatchAsync(CancellationToken cancel)
    {
        _stopping = cancel;
        Context.Running();
        try
        {
            // A change of the elected hosts may mean this host's candidacy went away (its lease ran out): check again.
            await foreach (var _ in _world!.WatchScheduleAsync(EffectiveNamespace, cancel).ConfigureAwait(false)) Context.Event();
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
    }

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var world = _world!;
        var ns = EffectiveNamespace;
        if (!apply)
        {
            var state = await ClusterWorld.CallAsync(Context, ct => world.GetScheduleAsync(ns, ct), cancel, _stopping).ConfigureAwait(false);
            var right = state.Candidates.Contains(world.Hostname) != Withdraw;
            if (!right) Context.Changes.Action($"{(Withdraw ? "withdraw from" : "join")} schedule {ns}");
            return right;
        }
        if (Withdraw)
        {
            var removed = await ClusterWorld.CallAsync(Context, ct => world.WithdrawScheduleAsync(ns, ct), cancel, _stopping).ConfigureAwait(false);
            if (removed) Context.Changes.Action($"withdraw from schedule {ns}");
            return !removed;
        }
        var changed = await ClusterWorld.CallAsync(Context, ct => world.JoinScheduleAsync(ns, Options(), ct), cancel, _stopping).ConfigureAwait(false);
        _joined = true;
        if (changed) Context.Changes.Action($"join schedule {ns}");
        return !changed;
    }

    public override async Task CleanupAsync()
    {
        if (!_joined || _world is null) return;
        _joined = false;
        using var timeout = new CancellationTokenSource(LeaveTimeout);
        try
        {
            await _world.LeaveScheduleAsync(EffectiveNamespace, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WorldException or OperationCanceledException or ObjectDisposedException)
        {
            // The candidacy's lease runs out by itself; say so rather than fail the swap.
            ScheduleLog.LeaveFailed(Context.Logger, EffectiveNamespace, e.Message);
        }
    }
}

internal static partial class ScheduleLog
{
    [LoggerMessage(EventId = 4703, Level = LogLevel.Warning, Message = "could not leave schedule {Namespace} ({Problem}); the candidacy ends when its lease runs out")]
    public static partial void LeaveFailed(ILogger logger, string @namespace, string problem);
}
