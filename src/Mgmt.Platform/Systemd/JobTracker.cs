namespace Mgmt.Platform.Systemd;

/// <summary>
/// Matches systemd's <c>JobRemoved</c> signals to the jobs this process is waiting for. A job can finish before
/// the reply that names it has been read (the signal and the reply race through the receive loop), so results of
/// jobs nobody waits for yet are kept for a while.
/// </summary>
internal sealed class JobTracker
{
    // Jobs of other clients also end here; remembering the last few hundred covers any realistic race window.
    private const int RememberedResults = 512;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, TaskCompletionSource<string>> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _finished = new(StringComparer.Ordinal);
    private readonly Queue<string> _finishedOrder = new();
    private Exception? _failure;

    /// <summary>Records that the job at <paramref name="jobPath"/> ended with <paramref name="result"/>.</summary>
    public void Removed(string jobPath, string result)
    {
        TaskCompletionSource<string>? waiter;
        lock (_lock)
        {
            if (!_waiting.Remove(jobPath, out waiter))
            {
                if (_finished.TryAdd(jobPath, result))
                {
                    _finishedOrder.Enqueue(jobPath);
                    if (_finishedOrder.Count > RememberedResults) _finished.Remove(_finishedOrder.Dequeue());
                }
                return;
            }
        }
        waiter.TrySetResult(result);
    }

    /// <summary>The result of the job at <paramref name="jobPath"/> (done, failed, canceled, timeout, dependency, skipped).</summary>
    public async Task<string> WaitAsync(string jobPath, CancellationToken cancel)
    {
        TaskCompletionSource<string> waiter;
        lock (_lock)
        {
            if (_finished.Remove(jobPath, out var result)) return result;
            if (_failure is not null) throw _failure;
            if (!_waiting.TryGetValue(jobPath, out waiter!))
            {
                waiter = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting[jobPath] = waiter;
            }
        }
        try
        {
            return await waiter.Task.WaitAsync(cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_lock) _waiting.Remove(jobPath);
            throw;
        }
    }

    /// <summary>The connection is gone: every waiter, present and future, gets <paramref name="failure"/>.</summary>
    public void FailAll(Exception failure)
    {
        List<TaskCompletionSource<string>> waiters;
        lock (_lock)
        {
            _failure ??= failure;
            waiters = [.. _waiting.Values];
            _waiting.Clear();
        }
        foreach (var w in waiters) w.TrySetException(failure);
    }
}
