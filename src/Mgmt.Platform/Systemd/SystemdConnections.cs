namespace Mgmt.Platform.Systemd;

/// <summary>
/// The host's connections to systemd, one per bus address, shared by every resource that talks to systemd (a
/// graph of hundreds of services must not open hundreds of bus connections: the system bus limits them per
/// user). A connection that was lost is replaced on the next request. Thread-safe.
/// </summary>
public sealed class SystemdConnections(SystemdSettings settings) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Task<SystemdManager>> _managers = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Where systemd is, and where its unit files are.</summary>
    public SystemdSettings Settings { get; } = settings;

    /// <summary>
    /// The connected manager of <paramref name="scope"/>. Throws <see cref="SystemdUnavailableException"/> when it
    /// cannot be reached; a later call tries again.
    /// </summary>
    public async Task<SystemdManager> GetAsync(SystemdScope scope, CancellationToken cancel)
    {
        var address = Settings.AddressOf(scope);
        Task<SystemdManager> pending;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_managers.TryGetValue(address, out pending!) || IsStale(pending))
            {
                if (pending is { IsCompletedSuccessfully: true }) pending.Result.Dispose();
                // Not tied to one caller's token: other callers may be waiting on the same connection.
                pending = SystemdManager.ConnectAsync(scope, address, CancellationToken.None);
                _managers[address] = pending;
            }
        }
        return await pending.WaitAsync(cancel).ConfigureAwait(false);
    }

    private static bool IsStale(Task<SystemdManager> pending) =>
        pending.IsFaulted || pending.IsCanceled || (pending.IsCompletedSuccessfully && !pending.Result.IsConnected);

    public void Dispose()
    {
        List<Task<SystemdManager>> all;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            all = [.. _managers.Values];
            _managers.Clear();
        }
        foreach (var pending in all)
        {
            if (pending.IsCompletedSuccessfully) pending.Result.Dispose();
            else _ = pending.ContinueWith(static t => t.Result.Dispose(), CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }
}
