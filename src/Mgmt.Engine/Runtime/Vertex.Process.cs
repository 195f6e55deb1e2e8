using Mgmt.Engine.Resources;
using Mgmt.Engine.SendRecv;

namespace Mgmt.Engine.Runtime;

/// <summary>One Process of the vertex: ordering, send/recv, refresh, rate limit, semaphores, CheckApply, then pokes.</summary>
internal sealed partial class Vertex
{
    /// <summary>Runs one Process; returns the failure to retry, or null (done, waiting on parents, or interrupted).</summary>
    private async Task<ResourceFailureException?> ProcessAsync()
    {
        if (!ParentsReady()) return null;

        var meta = Resource.Meta;
        var refreshes = PendingRefreshes();
        var refresh = refreshes is not null && (Resource is IRefreshable || Members.Any(m => m.Resource is IRefreshable));

        var received = false;
        try
        {
            if (received = ReceiveBinding.Apply(Bindings)) MarkDirty();
        }
        catch (ResourceFailureException e)
        {
            Volatile.Write(ref _stamp, 0);
            return Failed(e);
        }
        // A failed vertex is tried again on its watch's events, its backoff, a refresh or a new received value; a
        // child that poked it while its try was failing must not bring another try.
        if (IsFailed && refreshes is null && !received && !Woken()) return null;

        var dirty = TakeDirty();
        var sent = SentVersion();
        var applied = false;
        var checkOk = true;
        var duration = TimeSpan.Zero;
        if (!meta.Hidden && (dirty || refresh))
        {
            // Children must not start while our CheckApply is in flight, nor after it failed.
            Volatile.Write(ref _stamp, 0);
            _cleanIdle = false;
            var start = _engine.Options.Time.GetTimestamp();
            var (ok, error, interrupted) = await CheckApplyAsync(meta, refresh).ConfigureAwait(false);
            duration = _engine.Options.Time.GetElapsedTime(start);
            if (interrupted)
            {
                MarkDirty();
                return null;
            }
            if (error is not null) return Failed(error);
            applied = true;
            // In noop a pending refresh is something we would have done.
            checkOk = ok && !(meta.Noop && refresh);
        }

        // Exports follow a successful check (or a hidden resource's turn), so they wait for what the resource needs.
        var (exportError, exportInterrupted) = HasExports() ? await ExportAsync().ConfigureAwait(false) : (null, false);
        if (exportInterrupted)
        {
            MarkDirty();
            return null;
        }
        if (exportError is not null)
        {
            Volatile.Write(ref _stamp, 0);
            return Failed(exportError);
        }

        if (IsFailed)
        {
            // The watch failed while we ran: stay failed, wake no one. Otherwise this was a try of a failed vertex
            // that succeeded: the failure is over.
            if (!_watchReady) return null;
            Recover();
        }

        if (!meta.Noop)
        {
            if (refreshes is not null)
            {
                foreach (var (edge, requested) in refreshes) edge.Served(requested);
            }
            Context.ConsumeReceived();
            foreach (var m in Members) m.ConsumeReceived();
        }
        else if (applied && !checkOk)
        {
            MarkDirty(); // noop fixes nothing: check again on the next poke
        }
        if (meta.RetryReset) Retries.Reset(meta.Retry);

        var changed = applied && !checkOk;
        if (applied) Report(changed, duration);
        if (applied && !meta.Noop && ReversalOf is { } original) _engine.ReversalApplied(this, original);
        if (applied)
        {
            _everRan = true;
            MarkRealized();
        }

        _state = meta.Hidden ? VertexState.Hidden : VertexState.Ok;
        var notify = changed && !meta.Noop;
        var children = Children;
        // Receivers must look at a new sent value even when they have nothing else to do.
        var wakeAll = SentVersion() != sent;
        if (notify)
        {
            foreach (var e in children)
            {
                if (e.Edge.Notify) e.RequestRefresh();
            }
        }
        _cleanIdle = !IsDirty();
        Interlocked.Exchange(ref _stamp, _engine.NextStamp()); // full fence before reading the children's flags
        foreach (var e in children)
        {
            if (wakeAll || (notify && e.Edge.Notify) || e.To.IsWaiting) e.To.Poke();
        }
        return null;
    }

    /// <summary>
    /// True when every parent ran since this vertex did (or is idle and right). Otherwise marks the vertex as
    /// waiting, pokes the parents that are behind, and notices when a parent that is behind has failed for good.
    /// </summary>
    private bool ParentsReady()
    {
        var parents = Parents;
        if (parents.Length == 0)
        {
            Volatile.Write(ref _waiting, 0);
            _blocked = false;
            return true;
        }
        Interlocked.Exchange(ref _waiting, 1); // full fence before reading the parents' stamps
        var mine = Volatile.Read(ref _stamp);
        var ready = true;
        var stuck = false;
        foreach (var e in parents)
        {
            var parent = e.From;
            var theirs = Volatile.Read(ref parent._stamp);
            if (theirs > mine || (theirs > 0 && parent._cleanIdle)) continue;
            ready = false;
            if (parent.IsFailed || parent._blocked) stuck = true;
            else parent.Poke();
        }
        if (ready)
        {
            Volatile.Write(ref _waiting, 0);
            _blocked = false;
            return true;
        }
        if (stuck && !_blocked)
        {
            _blocked = true;
            _state = VertexState.Blocked;
            MarkRealized();
            foreach (var e in Children)
            {
                if (e.To.IsWaiting) e.To.Poke();
            }
        }
        else if (!stuck)
        {
            _blocked = false;
            if (_state is VertexState.Pending or VertexState.Ok or VertexState.Blocked) _state = VertexState.Waiting;
        }
        return false;
    }

    // Checked before ExportAsync, so that the common vertex without exports spends no task on them at each Process.
    private bool HasExports()
    {
        for (var k = 0; k < ResourceCount; k++)
        {
            if (ResourceAt(k).Meta.Export.Count > 0) return true;
        }
        return false;
    }

    /// <summary>Publishes the resource (and its group members) with <c>Meta:export</c>; unchanged exports cost nothing.</summary>
    private async Task<(ResourceFailureException? Error, bool Interrupted)> ExportAsync()
    {
        var interrupt = _engine.InterruptToken;
        CancellationTokenSource? linked = null;
        try
        {
            for (var k = 0; k < ResourceCount; k++)
            {
                var r = ResourceAt(k);
                if (r.Meta.Export.Count == 0) continue;
                // A store that is down may keep an export waiting: a vertex that stops must not wait for it.
                linked ??= CancellationTokenSource.CreateLinkedTokenSource(interrupt, StopToken);
                try
                {
                    await _engine.Exporter.ExportAsync(r, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (linked.IsCancellationRequested)
                {
                    return (null, true);
                }
                catch (Exception e)
                {
                    return (ResourceFailureException.From(r, "exporting", e), false);
                }
            }
            return (null, false);
        }
        finally
        {
            linked?.Dispose();
        }
    }

    private int SentVersion()
    {
        var version = Context.SentVersion;
        foreach (var m in Members) version += m.SentVersion;
        return version;
    }

    private List<(RuntimeEdge Edge, int Requested)>? PendingRefreshes()
    {
        List<(RuntimeEdge, int)>? pending = null;
        foreach (var e in Parents)
        {
            if (e.Edge.Notify && e.PendingRefresh() is { } requested) (pending ??= []).Add((e, requested));
        }
        return pending;
    }

    private async Task<(bool Ok, ResourceFailureException? Error, bool Interrupted)> CheckApplyAsync(MetaParams meta, bool refresh)
    {
        var time = _engine.Options.Time;
        using var waits = Limiter is not null || Semaphores.Length > 0
            ? CancellationTokenSource.CreateLinkedTokenSource(StopToken, _engine.InterruptToken)
            : null;
        if (Limiter?.Reserve() is { } wait && wait != TimeSpan.Zero) // infinite when Meta:limit is 0
        {
            EngineLog.RateLimited(_engine.Log, Resource, wait.TotalMilliseconds);
            try
            {
                await Task.Delay(wait, time, waits!.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return (false, null, true);
            }
        }
        if (Semaphores.Length > 0)
        {
            try
            {
                await _engine.Semaphores.AcquireAsync(Semaphores, waits!.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return (false, null, true);
            }
        }
        try
        {
            if (!meta.Noop && !_everRan) _engine.RecordReversal(this);
            return await InvokeCheckApplyAsync(meta, refresh).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return (false, ResourceFailureException.From(Resource, "recording its reversal", e), false);
        }
        finally
        {
            if (Semaphores.Length > 0) _engine.Semaphores.Release(Semaphores);
        }
    }

    private async Task<(bool Ok, ResourceFailureException? Error, bool Interrupted)> InvokeCheckApplyAsync(MetaParams meta, bool refresh)
    {
        var interrupt = _engine.InterruptToken;
        using var deadline = meta.Timeout > 0
            ? new CancellationTokenSource(TimeSpan.FromMilliseconds(meta.Timeout), _engine.Options.Time)
            : null;
        using var linked = deadline is not null ? CancellationTokenSource.CreateLinkedTokenSource(interrupt, deadline.Token) : null;
        var token = linked?.Token ?? interrupt;
        RefreshNow = refresh;
        _applying = true;
        _state = VertexState.Applying;
        BeginChanges();
        using var stillRunning = StartStillRunningNotes();
        try
        {
            return (await Resource.CheckApplyAsync(!meta.Noop, token).ConfigureAwait(false), null, false);
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            return (false, null, true);
        }
        catch (Exception) when (deadline?.IsCancellationRequested == true)
        {
            return (false, new ResourceFailureException(Resource, $"CheckApply did not finish within Meta:timeout ({meta.Timeout} ms)"), false);
        }
        catch (Exception e)
        {
            return (false, ResourceFailureException.From(Resource, "CheckApply", e), false);
        }
        finally
        {
            _applying = false;
            RefreshNow = false;
        }
    }

    private ResourceFailureException Failed(ResourceFailureException error)
    {
        MarkDirty();
        // A failed vertex failing again changes nothing: it must not keep a one-shot run from converging.
        if (!IsFailed) _engine.Converger.Changed();
        return error;
    }

    private void Report(bool changed, TimeSpan duration)
    {
        Interlocked.Increment(ref _checks);
        var changes = TakeChanges();
        if (changed)
        {
            Interlocked.Increment(ref _changes);
            _engine.Converger.Changed();
            if (changes.Count > 0) LogChanges(changes, Resource.Meta.Noop, duration);
            else if (Resource.Meta.Noop) EngineLog.WouldChange(_engine.Log, Resource);
            else EngineLog.Changed(_engine.Log, Resource, duration.TotalMilliseconds);
        }
        else
        {
            EngineLog.Checked(_engine.Log, Resource, duration.TotalMilliseconds);
        }
        _engine.Raise(this, changed ? ResourceEventType.Changed : ResourceEventType.Checked, !changed, duration, null, changes);
    }
}
