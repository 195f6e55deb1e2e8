using Mgmt.World.Store;

namespace Mgmt.World.Core;

/// <summary>
/// Computes a schedule from its registered candidates. Every host runs the same pure function on the same
/// set of registrations, read at one revision of the store, so every host gets the same answer without a
/// leader: the store's total order of writes is the only agreement needed (see docs/cluster.md).
/// </summary>
internal static class ScheduleComputation
{
    /// <summary>Computes namespace <paramref name="scheduleNamespace"/> from the entries of the scheduler area
    /// (<c>&lt;area&gt;&lt;host&gt;/&lt;namespace&gt;</c>); entries of other namespaces are skipped.</summary>
    public static ScheduleState Compute(IEnumerable<StoreEntry> registrations, string area, string scheduleNamespace)
    {
        var candidates = new List<(string Host, long Joined, ScheduleOptions Options)>();
        foreach (var entry in registrations)
        {
            if (KeyLayout.SplitHostKey(entry.Key, area) is not { } split || split.Name != scheduleNamespace)
            {
                continue;
            }
            var host = split.Host;
            var record = WorldJson.TryRead(entry.Value, WorldJson.Default.ScheduleRecord);
            candidates.Add((host, entry.CreateRevision, ToOptions(record)));
        }
        candidates.Sort((a, b) => a.Joined != b.Joined ? a.Joined.CompareTo(b.Joined) : string.CompareOrdinal(a.Host, b.Host));
        if (candidates.Count == 0)
        {
            return new ScheduleState([], [], null);
        }
        var options = candidates[0].Options;
        var ordered = options.Strategy == ScheduleStrategy.Alphabetical
            ? candidates.Select(c => c.Host).Order(StringComparer.Ordinal)
            : candidates.Select(c => c.Host);
        return new ScheduleState([.. candidates.Select(c => c.Host)], [.. ordered.Take(options.Max)], options);
    }

    public static ScheduleRecord ToRecord(ScheduleOptions options) => new(
        ScheduleOptions.StrategyName(options.Strategy),
        options.Max,
        options.Ttl is { } ttl ? (int)Math.Ceiling(ttl.TotalSeconds) : null,
        options.Persist);

    /// <summary>A damaged or foreign registration still counts as a candidate, with default options.</summary>
    private static ScheduleOptions ToOptions(ScheduleRecord? record)
    {
        if (record is null)
        {
            return new ScheduleOptions();
        }
        var strategy = record.Strategy == "alpha" ? ScheduleStrategy.Alphabetical : ScheduleStrategy.RoundRobin;
        return new ScheduleOptions
        {
            Strategy = strategy,
            Max = Math.Max(1, record.Max),
            Ttl = record.TtlSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
            Persist = record.Persist,
        };
    }
}
