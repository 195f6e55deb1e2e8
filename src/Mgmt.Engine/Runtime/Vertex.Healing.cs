namespace Mgmt.Engine.Runtime;

/// <summary>
/// A vertex whose retries ran out: it counts as failed (its children wait), but its watch keeps running and it is
/// tried again on each watch event and on a backoff (<see cref="HealingPolicy"/>), until a try succeeds.
/// </summary>
internal sealed partial class Vertex
{
    private ITimer? _healTimer;   // guarded by lock (this)
    private TimeSpan _healDelay;  // the wait before the next try; only the worker loop or the watch loop sets it
    private string? _loggedError;          // the failure last logged at warning level or above, and when
    private DateTimeOffset _loggedErrorAt;

    /// <summary>The retries ran out: the vertex is failed until a try succeeds. A second call (the watch and the check both failing) only logs.</summary>
    private void EnterFailed(ResourceFailureException error)
    {
        _lastError = error.Message;
        if (Interlocked.Exchange(ref _failed, 1) != 0)
        {
            StillFailing(error);
            return;
        }
        _engine.NoteFailed(this);
        Volatile.Write(ref _stamp, 0);
        _cleanIdle = false;
        _state = VertexState.Failed;
        _healDelay = _engine.Options.Healing.First(Resource.Meta.Delay);
        EngineLog.FailedHealing(_engine.Log, Resource.ToString(), error.Detail, (long)_healDelay.TotalMilliseconds);
        NoteLogged(error);
        _engine.Raise(this, ResourceEventType.FailedPermanently, checkOk: false, TimeSpan.Zero, error);
        _engine.Converger.Changed();
        MarkRealized();
        ArmHeal(_healDelay);
        // Children waiting on us will now find that they are stuck; tell them so they can say so.
        foreach (var e in Children)
        {
            if (e.To.IsWaiting) e.To.Poke();
        }
    }

    /// <summary>A try of a failed vertex failed again: wait longer before the next one. Not a change for the converger.</summary>
    private void StillFailing(ResourceFailureException error)
    {
        _lastError = error.Message;
        _state = VertexState.Failed;
        var waited = _healDelay;
        _healDelay = _engine.Options.Healing.Next(_healDelay, Resource.Meta.Delay);
        // A try that an event brought sooner than the backoff, failing exactly as the last logged one, is not news:
        // it goes to the debug log, so that one fault is not a burst of identical lines.
        if (error.Detail == _loggedError && _engine.Options.Time.GetUtcNow() - _loggedErrorAt < waited)
        {
            EngineLog.StillFailingSame(_engine.Log, Resource.ToString(), error.Detail, (long)_healDelay.TotalMilliseconds);
        }
        else
        {
            EngineLog.StillFailing(_engine.Log, Resource.ToString(), error.Detail, (long)_healDelay.TotalMilliseconds);
            NoteLogged(error);
        }
        _engine.Raise(this, ResourceEventType.Failed, checkOk: false, TimeSpan.Zero, error);
        ArmHeal(_healDelay);
    }

    private void NoteLogged(ResourceFailureException error)
    {
        _loggedError = error.Detail;
        _loggedErrorAt = _engine.Options.Time.GetUtcNow();
    }

    /// <summary>A try succeeded: the failure is over.</summary>
    private void Recover()
    {
        if (Interlocked.Exchange(ref _failed, 0) == 0) return;
        _engine.NoteRecovered(this);
        DisarmHeal();
        EngineLog.Recovered(_engine.Log, Resource.ToString());
    }

    private void ArmHeal(TimeSpan delay)
    {
        lock (this)
        {
            if (_closed) return;
            _healTimer?.Dispose();
            _healTimer = _engine.Options.Time.CreateTimer(static v => ((Vertex)v!).Signal(dirty: true), this, delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void DisarmHeal()
    {
        lock (this)
        {
            _healTimer?.Dispose();
            _healTimer = null;
        }
    }
}
