namespace Mgmt.Engine.Runtime;

/// <summary>
/// Holds back new Process runs while a graph swap rewires the running graph (runs already in flight go on).
/// Closed again for good by shutdown.
/// </summary>
internal sealed class SwapGate
{
    private TaskCompletionSource? _closed;

    public bool IsOpen => Volatile.Read(ref _closed) is null;

    public void Close()
    {
        Interlocked.CompareExchange(ref _closed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null);
    }

    public void Open() => Interlocked.Exchange(ref _closed, null)?.TrySetResult();

    /// <summary>Waits until the gate is open.</summary>
    public async Task WaitOpenAsync(CancellationToken cancel)
    {
        while (Volatile.Read(ref _closed) is { } closed) await closed.Task.WaitAsync(cancel).ConfigureAwait(false);
    }
}
