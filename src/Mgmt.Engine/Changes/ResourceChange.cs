namespace Mgmt.Engine.Changes;

/// <summary>What one change of one resource was, as reported through <see cref="IChangeReport"/>, secrets already hidden.</summary>
/// <param name="Resource">The resource, as <c>kind[name]</c> (a grouped member names itself, not its group).</param>
/// <param name="Field">The parameter or aspect that changed (<c>mode</c>, <c>content</c>); empty for an action.</param>
/// <param name="From">The old value, or null when it was absent.</param>
/// <param name="To">The new value, or null when it is gone.</param>
/// <param name="Diff">For content: a unified diff (bounded), or a line saying why none is shown.</param>
/// <param name="Action">For an action: what was done.</param>
public sealed record ResourceChange(string Resource, string Field, string? From, string? To, string? Diff = null, string? Action = null)
{
    /// <summary>The value shown for a secret.</summary>
    public const string Hidden = "(hidden)";

    /// <summary>One short phrase: <c>mode 0644 -&gt; 0600</c>, <c>content (+3 -1 lines)</c>, <c>ran make</c>.</summary>
    public string Summary => Action ?? (Diff is not null
        ? $"{Field}{DiffStat()}"
        : $"{Field} {Show(From)} -> {Show(To)}");

    private static string Show(string? value) => value is null ? "(absent)" : value.Length == 0 ? "\"\"" : value;

    private string DiffStat()
    {
        if (Diff is null || !Diff.StartsWith("---", StringComparison.Ordinal)) return "";
        int added = 0, removed = 0;
        foreach (var line in Diff.Split('\n'))
        {
            if (line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal)) continue;
            if (line.StartsWith('+')) added++;
            else if (line.StartsWith('-')) removed++;
        }
        return $" (+{added} -{removed} lines)";
    }
}
