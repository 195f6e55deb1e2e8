namespace Mgmt.Engine.Changes;

/// <summary>The changes of one CheckApply that changed something (or, in noop, would have), and when it ended.</summary>
public sealed record ChangeRecord(DateTimeOffset At, bool Noop, IReadOnlyList<ResourceChange> Changes)
{
    /// <summary>The changes as one phrase: <c>content (+1 -1 lines), mode 0644 -&gt; 0600</c>.</summary>
    public string Summary => string.Join(", ", Changes.Select(c => c.Summary));

    /// <summary>The diffs of the content changes, one after another; empty when there are none.</summary>
    public string Details => string.Join("\n", Changes.Where(c => c.Diff is not null).Select(c => c.Diff));
}
