namespace Mgmt.World;

/// <summary>
/// Distributed scheduling (the <c>schedule</c> resource and <c>world.schedule</c>): hosts join a namespace
/// as candidates, and every host, candidate or not, sees the same elected list, which changes as candidates
/// come and go.
/// </summary>
/// <remarks>
/// The elected list is computed, not voted: each host derives it from the set of registered candidates with
/// the namespace's options, so every host that sees the same set computes the same list (see
/// <see cref="ScheduleOptions"/> for the strategies and docs/cluster.md for why this is as correct as a
/// leader election).
/// </remarks>
public interface ISchedulerWorld
{
    /// <summary>Registers this host as a candidate in <paramref name="scheduleNamespace"/>, or updates its
    /// options. Returns true when anything changed.</summary>
    Task<bool> JoinScheduleAsync(string scheduleNamespace, ScheduleOptions options, CancellationToken cancellationToken);

    /// <summary>Removes this host from the candidates of <paramref name="scheduleNamespace"/> at once, persisted
    /// or not. Returns true when it was a candidate.</summary>
    Task<bool> WithdrawScheduleAsync(string scheduleNamespace, CancellationToken cancellationToken);

    /// <summary>
    /// Ends this host's participation cleanly (the resource left the graph): a candidate without
    /// <see cref="ScheduleOptions.Persist"/> is removed at once; a persisted one stays until its TTL runs out
    /// (or forever with no TTL). Does nothing when this host is not a candidate.
    /// </summary>
    Task LeaveScheduleAsync(string scheduleNamespace, CancellationToken cancellationToken);

    /// <summary>The candidates and the elected hosts of <paramref name="scheduleNamespace"/>.</summary>
    Task<ScheduleState> GetScheduleAsync(string scheduleNamespace, CancellationToken cancellationToken);

    /// <summary>The elected hosts of <paramref name="scheduleNamespace"/> now, then after every change of that list.</summary>
    IAsyncEnumerable<IReadOnlyList<string>> WatchScheduleAsync(string scheduleNamespace, CancellationToken cancellationToken);
}
