namespace Mgmt.Engine.Runtime;

/// <summary>The three steps of stopping: orderly shutdown, then cancelling checks, then interrupting resources.</summary>
public sealed partial class Engine
{
    /// <summary>
    /// Orderly stop: no new graph and no new CheckApply is accepted (resources with Meta:realize that never ran get
    /// their one run first), CheckApply calls in flight finish, watches stop, and every resource is cleaned up.
    /// Calling it again returns the same task.
    /// </summary>
    public Task ShutdownAsync()
    {
        lock (_shutdownLock) return _shutdown ??= ShutdownCoreAsync();
    }

    /// <summary>
    /// The second signal: cancels the tokens of the CheckApply calls in flight, and no new ones start (also
    /// stops waiting for Meta:realize resources). Usually followed by, or concurrent with, <see cref="ShutdownAsync"/>.
    /// </summary>
    public void SoftInterrupt()
    {
        if (_interrupted) return;
        _interrupted = true;
        EngineLog.SoftInterrupt(Log);
        try
        {
            _interrupt.Cancel();
        }
        catch (AggregateException e)
        {
            // A resource's cancellation callback threw; the cancellation itself happened.
            EngineLog.HandlerFailed(Log, "cancellation", e.Message);
        }
        catch (ObjectDisposedException)
        {
            // The engine was disposed already: there is nothing left to interrupt.
        }
    }

    /// <summary>
    /// The third signal: everything <see cref="SoftInterrupt"/> does, and <see cref="Resources.IInterruptible.Interrupt"/>
    /// on every resource whose CheckApply is in flight (kill a child process, close a socket...).
    /// </summary>
    public void HardInterrupt()
    {
        SoftInterrupt();
        var interrupted = 0;
        foreach (var v in Running.Order)
        {
            if (v.Interrupt()) interrupted++;
        }
        EngineLog.HardInterrupt(Log, interrupted);
    }

    private async Task ShutdownCoreAsync()
    {
        await Task.Yield();
        EngineLog.ShuttingDown(Log);
        await _commitLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _shutdownStarted = true;
            var running = Running.Order.ToList();
            await RealizeBeforeRemovalAsync(running, CancellationToken.None).ConfigureAwait(false);
            Converger.Pause();
            Gate.Close(); // for good: no Process starts any more
            await StopAllAsync(running).ConfigureAwait(false);
            if (_running is { } last) _running = new RunningGraph(last.Name, [], [], []);
        }
        finally
        {
            _commitLock.Release();
        }
    }
}
