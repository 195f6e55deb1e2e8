using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Runtime;

/// <summary>The vertex's life: Init, the watch, the process loop with its retries, permanent failure, stop and cleanup.</summary>
internal sealed partial class Vertex
{
    private int _initialized; // how many of resource + members were initialised, in that order
    private bool _started;
    private Task? _watchTask;          // the watch loop, when the watch runs as a task; guarded by lock (this)
    private IDisposable? _subscription; // the watch, when it runs as callbacks (ISubscribedWatch); guarded by lock (this)
    private bool _watchEnded;           // the subscription broke or the vertex stops: no new watch; guarded by lock (this)

    /// <summary>Starts the vertex: its first loop initialises the resource, starts the watch and runs the first check.</summary>
    public void Start()
    {
        lock (this)
        {
            if (_running || _closed) return;
            _running = true;
        }
        Schedule();
    }

    /// <summary>
    /// Stops the vertex for good: no new Process starts, waits (retry delay, rate limit, semaphores, the swap gate)
    /// and the watch are cancelled, a CheckApply in flight is allowed to finish, then the resource is cleaned up.
    /// </summary>
    public async Task StopAsync()
    {
        var loopDone = Close();
        DisarmHeal();
        CancelStop();
        EndSubscription(stopping: true);
        await loopDone.ConfigureAwait(false);
        Task? watch;
        lock (this) watch = _watchTask;
        if (watch is not null) await watch.ConfigureAwait(false);
        await CleanupAsync().ConfigureAwait(false);
        _state = VertexState.Stopped;
        MarkRealized();
    }

    /// <summary>The third interrupt: tell a resource whose CheckApply is in flight to stop at once.</summary>
    public bool Interrupt()
    {
        if (!_applying) return false;
        var any = false;
        foreach (var r in Members.Select(m => m.Resource).Prepend(Resource))
        {
            if (r is not IInterruptible interruptible) continue;
            any = true;
            try
            {
                interruptible.Interrupt();
            }
            catch (Exception e)
            {
                EngineLog.InterruptFailed(_engine.Log, r.ToString(), e.Message);
            }
        }
        return any;
    }

    /// <summary>
    /// The worker loop: runs while signals are pending, then ends (and is scheduled again by the next signal).
    /// The first run initialises the resource and starts its watch.
    /// </summary>
    private async Task RunLoopAsync()
    {
        try
        {
            while (TakeWork())
            {
                if (!_started)
                {
                    _started = true;
                    if (!await StartResourceAsync().ConfigureAwait(false)) continue;
                }
                if (!_watchReady) continue;
                if (!_engine.Gate.IsOpen)
                {
                    try
                    {
                        await _engine.Gate.WaitOpenAsync(StopToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        continue; // stopping: the next step ends the loop
                    }
                }
                if (_engine.Interrupted) continue;
                var error = await ProcessAsync().ConfigureAwait(false);
                if (error is not null) await RetryAsync(error).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            // Resource errors are all caught where they happen; reaching here is an engine bug. Fail the vertex
            // rather than leave it half running, and end the loop properly.
            FailPermanently(new ResourceFailureException(Resource, $"internal engine error: {e}", e));
            while (TakeWork())
            {
            }
        }
    }

    private async Task<bool> StartResourceAsync()
    {
        if (Resource.Meta.Hidden)
        {
            _watchReady = true;
            return true;
        }
        if (!await InitAsync().ConfigureAwait(false)) return false;
        StartWatch();
        return true;
    }

    /// <summary>
    /// Starts the watch: as callbacks when the resource can (<see cref="ISubscribedWatch"/>, no Meta:poll), so
    /// that an idle vertex holds no task; otherwise, or when that fails, as the retrying watch loop.
    /// </summary>
    private void StartWatch()
    {
        if (Resource is ISubscribedWatch subscribed && Resource.Meta.Poll == 0)
        {
            IDisposable? subscription;
            try
            {
                subscription = subscribed.StartWatch(this);
            }
            catch (Exception e)
            {
                lock (this) _watchTask = WatchLoopAsync(ResourceFailureException.From(Resource, "Watch", e));
                return;
            }
            bool ended;
            lock (this)
            {
                if (subscription is null)
                {
                    _watchTask = WatchLoopAsync(null); // not possible here: the resource watches with a task
                    return;
                }
                ended = _watchEnded;
                if (!ended) _subscription = subscription;
            }
            if (ended) subscription.Dispose(); // it broke (its loop has started) or the vertex stopped meanwhile
            return;
        }
        lock (this) _watchTask = WatchLoopAsync(null);
    }

    /// <summary>From the subscription: it cannot go on. The watch loop takes over, with its retries.</summary>
    public void WatchBroke(Exception e)
    {
        lock (this)
        {
            if (_watchEnded) return;
            _watchEnded = true;
            _watchTask = WatchLoopAsync(ResourceFailureException.From(Resource, "Watch", e));
        }
        EndSubscription(stopping: false);
    }

    private void EndSubscription(bool stopping)
    {
        IDisposable? subscription;
        lock (this)
        {
            if (stopping) _watchEnded = true;
            subscription = _subscription;
            _subscription = null;
        }
        subscription?.Dispose();
    }

    /// <summary>
    /// After a failed CheckApply: waits Meta:delay and schedules another run while retries remain; then the vertex
    /// is failed and healing takes over (<see cref="EnterFailed"/>).
    /// </summary>
    private async Task RetryAsync(ResourceFailureException error)
    {
        Interlocked.Increment(ref _failures);
        _lastError = error.Message;
        if (IsFailed)
        {
            StillFailing(error);
            return;
        }
        if (!Retries.TryConsume())
        {
            EnterFailed(error);
            return;
        }
        _state = VertexState.Retrying;
        var delay = Resource.Meta.Delay;
        EngineLog.WillRetry(_engine.Log, Resource.ToString(), error.Detail, delay, RetriesLeft(Retries.Remaining));
        _engine.Raise(this, ResourceEventType.Failed, checkOk: false, TimeSpan.Zero, error);
        if (delay > 0)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(delay), _engine.Options.Time, StopToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return; // stopping: the loop's next step says so
            }
        }
        Signal(dirty: true);
    }

    /// <summary>
    /// A failure nothing can heal (Init failed, or an engine bug): the vertex stays failed (its children wait) until a
    /// swap restarts it (Meta:rewatch).
    /// </summary>
    private void FailPermanently(ResourceFailureException error)
    {
        Interlocked.Exchange(ref _failed, 1);
        _engine.NoteFailed(this);
        DisarmHeal();
        Volatile.Write(ref _stamp, 0);
        _cleanIdle = false;
        _lastError = error.Message;
        _state = VertexState.Failed;
        EngineLog.FailedPermanently(_engine.Log, Resource.ToString(), error.Detail);
        _engine.Raise(this, ResourceEventType.FailedPermanently, checkOk: false, TimeSpan.Zero, error);
        _engine.Converger.Changed();
        _ = Close();
        CancelStop();
        MarkRealized();
        // Children waiting on us will now find that they are stuck; tell them so they can say so.
        foreach (var e in Children)
        {
            if (e.To.IsWaiting) e.To.Poke();
        }
    }

    private async Task<bool> InitAsync()
    {
        try
        {
            await Resource.InitAsync(Context).ConfigureAwait(false);
            _initialized = 1;
            foreach (var member in Members)
            {
                await member.Resource.InitAsync(member).ConfigureAwait(false);
                _initialized++;
            }
            return true;
        }
        catch (Exception e)
        {
            var failing = _initialized == 0 ? Resource : Members[_initialized - 1].Resource;
            Interlocked.Increment(ref _failures);
            FailPermanently(ResourceFailureException.From(failing, "Init", e));
            return false;
        }
    }

    private async Task CleanupAsync()
    {
        // Members first: they were initialised after their group's resource.
        for (var i = _initialized - 1; i >= 0; i--)
        {
            var r = i == 0 ? Resource : Members[i - 1].Resource;
            try
            {
                await r.CleanupAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                EngineLog.CleanupFailed(_engine.Log, r.ToString(), e.Message);
            }
        }
        _initialized = 0;
    }

    /// <summary>The watch as a task, with its retries; <paramref name="failed"/> is a first try that already failed.</summary>
    private async Task WatchLoopAsync(ResourceFailureException? failed)
    {
        var token = StopToken;
        await Task.Yield(); // the resource's Watch must not run on the worker's stack (nor under the caller's lock)
        var meta = Resource.Meta;
        var retries = meta.Retry;
        while (!token.IsCancellationRequested)
        {
            ResourceFailureException error;
            if (failed is not null)
            {
                error = failed;
                failed = null;
            }
            else
            {
                try
                {
                    if (meta.Poll > 0)
                    {
                        await PollAsync(TimeSpan.FromSeconds(meta.Poll), token).ConfigureAwait(false);
                    }
                    else if (meta.Poll == 0)
                    {
                        await Resource.WatchAsync(token).ConfigureAwait(false);
                    }
                    // A watch that returns has nothing more to watch (Meta:poll -1 never watches); the resource still
                    // gets its first check.
                    if (!_watchReady) WatchRunning();
                    return;
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    error = ResourceFailureException.From(Resource, "Watch", e);
                }
            }
            _watchReady = false; // no check until the new watch is in place
            Interlocked.Increment(ref _failures);
            _lastError = error.Message;
            TimeSpan wait;
            if (retries == 0)
            {
                // No retry left: the vertex is failed, and the watch is started again on the healing backoff.
                EnterFailed(error);
                wait = HealDelay;
            }
            else
            {
                if (retries > 0) retries--;
                EngineLog.WillRetry(_engine.Log, Resource.ToString(), error.Detail, meta.Delay, RetriesLeft(retries));
                _engine.Raise(this, ResourceEventType.Failed, checkOk: false, TimeSpan.Zero, error);
                wait = TimeSpan.FromMilliseconds(meta.Delay);
            }
            try
            {
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _engine.Options.Time, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task PollAsync(TimeSpan interval, CancellationToken token)
    {
        WatchRunning();
        using var timer = new PeriodicTimer(interval, _engine.Options.Time);
        while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false)) WatchEvent();
    }

    private static string RetriesLeft(int remaining) => remaining < 0 ? "unlimited" : remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
