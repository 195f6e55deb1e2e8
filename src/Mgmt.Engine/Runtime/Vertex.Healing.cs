namespace Mgmt.Engine.Runtime;

/// <summary>
/// A vertex whose retries ran out: it counts as failed (its children wait), but its watch keeps running and it is
/// tried again on each watch event and on a backoff (<see cref="HealingPolicy"/>), until a try succeeds.
/// </summary>
internal sealed partial class Vertex
{
    private Trouble? _trouble;

    /// <summary>
    /// What a vertex keeps about its failures, made at the first one: most vertices never fail, and these fields
    /// held in every vertex were 64 bytes each of 100,000.
    /// </summary>
    private sealed class Trouble
    {
        public ITimer? HealTimer;           // guarded by the vertex's lock
        public TimeSpan HealDelay;          // the wait before the next try; only the worker loop or the watch loop sets it
        public string? LoggedError;         // the failure last logged at warning level or above, and when
        public DateTimeOffset LoggedErrorAt;
        public DateTimeOffset? LastErrorAt; // for the status
    }

    private Trouble Troubles
    {
        get
        {
            var trouble = Volatile.Read(ref _trouble);
            if (trouble is not null) return trouble;
            var fresh = new Trouble();
            return Interlocked.CompareExchange(ref _trouble, fresh, null) ?? fresh;
        }
    }

    // The wait before the next try of a failed vertex.
    private TimeSpan HealDelay
    {
        get => _trouble?.HealDelay ?? TimeSpan.Zero;
        set => Troubles.HealDelay = value;
    }

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
        HealDelay = _engine.Options.Healing.First(Resource.Meta.Delay);
        EngineLog.FailedHealing(_engine.Log, Resource.ToString(), error.Detail, (long)HealDelay.TotalMilliseconds);
        NoteLogged(error);
        _engine.Raise(this, ResourceEventType.FailedPermanently, checkOk: false, TimeSpan.Zero, error);
        _engine.Converger.Changed();
        MarkRealized();
        ArmHeal(HealDelay);
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
        var waited = HealDelay;
        HealDelay = _engine.Options.Healing.Next(HealDelay, Resource.Meta.Delay);
        // A try that an event brought sooner than the backoff, failing exactly as the last logged one, is not news:
        // it goes to the debug log, so that one fault is not a burst of identical lines.
        if (error.Detail == Troubles.LoggedError && _engine.Options.Time.GetUtcNow() - Troubles.LoggedErrorAt < waited)
        {
            EngineLog.StillFailingSame(_engine.Log, Resource.ToString(), error.Detail, (long)HealDelay.TotalMilliseconds);
        }
        else
        {
            EngineLog.StillFailing(_engine.Log, Resource.ToString(), error.Detail, (long)HealDelay.TotalMilliseconds);
            NoteLogged(error);
        }
        _engine.Raise(this, ResourceEventType.Failed, checkOk: false, TimeSpan.Zero, error);
        ArmHeal(HealDelay);
    }

    private void NoteLogged(ResourceFailureException error)
    {
        Troubles.LoggedError = error.Detail;
        Troubles.LoggedErrorAt = _engine.Options.Time.GetUtcNow();
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
            var trouble = Troubles;
            trouble.HealTimer?.Dispose();
            trouble.HealTimer = _engine.Options.Time.CreateTimer(static v => ((Vertex)v!).Signal(dirty: true), this, delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void DisarmHeal()
    {
        lock (this)
        {
            if (_trouble is not { } trouble) return;
            trouble.HealTimer?.Dispose();
            trouble.HealTimer = null;
        }
    }
}
