using Mgmt.Engine.Changes;

namespace Mgmt.Engine.Runtime;

// What the vertex's resources report they changed, how often their watch fired, and the "still running" notes of a
// long CheckApply: the observable side of a vertex, for logs, metrics and the web view.
internal sealed partial class Vertex
{
    /// <summary>A CheckApply that runs longer than this is logged as still running, and again at every such interval.</summary>
    internal static readonly TimeSpan StillRunningAfter = TimeSpan.FromSeconds(5);

    private volatile ChangeRecord? _lastChange;
    private long _watchEvents;

    /// <summary>The resource (and its members) start a CheckApply: their reports are kept from now on.</summary>
    private void BeginChanges()
    {
        Context.Recorder.Begin();
        foreach (var m in Members) m.Recorder.Begin();
    }

    /// <summary>The CheckApply returned: what the resource and its members reported, in that order.</summary>
    private IReadOnlyList<ResourceChange> TakeChanges()
    {
        var all = Context.Recorder.Take();
        foreach (var m in Members)
        {
            if (m.Recorder.Take() is { } more) (all ??= []).AddRange(more);
        }
        return all ?? (IReadOnlyList<ResourceChange>)[];
    }

    private void CountWatchEvent() => Interlocked.Increment(ref _watchEvents);

    /// <summary>Remembers when the vertex last failed, for its status.</summary>
    internal void FailedAt(DateTimeOffset at) => Troubles.LastErrorAt = at;

    /// <summary>Logs, while a CheckApply runs, that it still does: a long one must not look like a hang.</summary>
    private ITimer StartStillRunningNotes()
    {
        var time = _engine.Options.Time;
        var started = time.GetTimestamp();
        return time.CreateTimer(
            static state =>
            {
                var (vertex, time, started) = ((Vertex, TimeProvider, long))state!;
                EngineLog.StillRunning(vertex._engine.Log, vertex.Resource, (int)Math.Round(time.GetElapsedTime(started).TotalSeconds));
            },
            (this, time, started), StillRunningAfter, StillRunningAfter);
    }

    /// <summary>Logs the changes of one CheckApply (once, with their diffs) and keeps them for the status.</summary>
    private void LogChanges(IReadOnlyList<ResourceChange> changes, bool noop, TimeSpan duration)
    {
        var record = new ChangeRecord(_engine.Options.Time.GetUtcNow(), noop, changes);
        _lastChange = record;
        var details = record.Details.Length > 0 ? "\n" + record.Details : "";
        if (noop) EngineLog.WouldChangeThis(_engine.Log, Resource, record.Summary, details);
        else EngineLog.ChangedThis(_engine.Log, Resource, record.Summary, duration.TotalMilliseconds, details);
    }
}
