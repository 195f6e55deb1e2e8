namespace Mgmt.Engine.Runtime;

/// <summary>Where a vertex stands, for <see cref="Engine.Status"/>: tests, metrics and the web view.</summary>
public enum VertexState
{
    /// <summary>Started; its first check has not run yet.</summary>
    Pending,

    /// <summary>Waiting for its parents to run.</summary>
    Waiting,

    /// <summary>Its CheckApply is running.</summary>
    Applying,

    /// <summary>Its last check (or apply) succeeded.</summary>
    Ok,

    /// <summary>Its last CheckApply failed; a retry is scheduled.</summary>
    Retrying,

    /// <summary>Failed with no retries left; stays so until a graph swap restarts it (Meta:rewatch).</summary>
    Failed,

    /// <summary>Cannot run because a parent (or a parent's parent) failed for good.</summary>
    Blocked,

    /// <summary>Hidden (Meta:hidden): in the graph, never watched or applied.</summary>
    Hidden,

    /// <summary>Removed from the graph or shut down.</summary>
    Stopped,
}

/// <summary>
/// A snapshot of one vertex: its resource, state, how many CheckApply calls ran, changed something or failed
/// (counted since the vertex started), the last error, and the resources grouped into it.
/// </summary>
public sealed record VertexStatus(
    string Kind,
    string Name,
    VertexState State,
    int Checks,
    int Changes,
    int Failures,
    string? LastError,
    IReadOnlyList<string> GroupedMembers)
{
    /// <summary>The last CheckApply that changed something (or would have, in noop), with what it reported; null if none yet.</summary>
    public Changes.ChangeRecord? LastChange { get; init; }

    /// <summary>How many events the resource's watch sent since the vertex started.</summary>
    public long WatchEvents { get; init; }

    /// <summary>When the last CheckApply (or watch) failed; null if it never did.</summary>
    public DateTimeOffset? LastErrorAt { get; init; }
}
