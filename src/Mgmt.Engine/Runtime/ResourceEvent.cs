namespace Mgmt.Engine.Runtime;

/// <summary>
/// What happened in one CheckApply of one resource (or its permanent failure), with what the resource reported it
/// changed (or would change, in noop) through <see cref="Changes.IChangeReport"/>: empty when it reported nothing.
/// </summary>
public sealed record ResourceEvent(string Kind, string Name, ResourceEventType Type, bool CheckOk, TimeSpan Duration, Exception? Error)
{
    public IReadOnlyList<Changes.ResourceChange> Changes { get; init; } = [];

    /// <summary>True when the engine ran the resource in check-only mode (<c>--noop</c> or Meta:noop).</summary>
    public bool Noop { get; init; }
}

public enum ResourceEventType
{
    /// <summary>The state was already right.</summary>
    Checked,

    /// <summary>The resource changed something (or, in noop, would have).</summary>
    Changed,

    /// <summary>CheckApply or Watch failed; it will be retried if retries remain.</summary>
    Failed,

    /// <summary>Retries are exhausted; the resource stays failed until a graph swap with Meta:rewatch.</summary>
    FailedPermanently,
}
