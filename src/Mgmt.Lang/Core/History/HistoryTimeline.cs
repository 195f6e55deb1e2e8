using Mgmt.Engine.Values;

namespace Mgmt.Lang.Core.HistoryFunctions;

/// <summary>
/// The values a stream took and when, kept only as far back as needed to say what the value was some time
/// ago: everything older than the value in effect at the cut-off is dropped.
/// </summary>
internal sealed class HistoryTimeline
{
    private readonly List<(DateTimeOffset At, Value Value)> _entries = [];

    public int Count => _entries.Count;

    public void Add(DateTimeOffset at, Value value) => _entries.Add((at, value));

    /// <summary>The value in effect at <paramref name="cutoff"/> (the latest one set at or before it), or null.</summary>
    public Value? ValueAt(DateTimeOffset cutoff)
    {
        var index = -1;
        for (var i = 0; i < _entries.Count && _entries[i].At <= cutoff; i++) index = i;
        if (index < 0) return null;
        if (index > 0) _entries.RemoveRange(0, index);
        return _entries[0].Value;
    }

    /// <summary>When the next stored value becomes old enough to be the answer, or null when none is waiting.</summary>
    public DateTimeOffset? NextDue(DateTimeOffset cutoff, TimeSpan delay)
    {
        foreach (var (at, _) in _entries)
        {
            if (at > cutoff) return at + delay;
        }
        return null;
    }
}
