namespace Mgmt.Platform.Libvirt;

/// <summary>
/// Shares one <see cref="LibvirtConnection"/> per URI (and credentials) among its users, with reference counting:
/// every virt resource of a URI, and anything else in the process that asks, gets the same connection and the same
/// event subscriptions. A connection nobody holds is closed after a grace period (<c>linger</c>), so a graph swap
/// that replaces a resource does not close and reopen it; a lost connection is dropped and the next user opens a
/// fresh one.
/// </summary>
/// <remarks>
/// The grace period also matters for libvirt's <c>test:///default</c> driver: its mock hypervisor lives only while
/// a connection to it is open in the process, so tests that hold a lease observe exactly what the resources did.
/// </remarks>
public sealed class LibvirtConnectionPool : IDisposable
{
    private readonly Dictionary<Key, Entry> _entries = [];
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _linger;
    private bool _disposed;

    /// <summary>A pool whose idle connections close after <paramref name="linger"/> (zero: at once).</summary>
    public LibvirtConnectionPool(TimeProvider time, TimeSpan linger)
    {
        _time = time;
        _linger = linger;
    }

    /// <summary>
    /// The process's pool (idle connections close after a minute). libvirt's event loop is process-wide anyway,
    /// and sharing here is what lets every user of <c>test:///default</c> see the same mock hypervisor.
    /// </summary>
    public static LibvirtConnectionPool Shared { get; } = new(TimeProvider.System, TimeSpan.FromMinutes(1));

    /// <summary>How many connections are open or opening (for diagnostics and tests).</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _entries.Count;
        }
    }

    /// <summary>
    /// A lease on the connection to <paramref name="uri"/>, opening it if needed (on a dedicated thread). Dispose
    /// the lease when done. Throws what <see cref="LibvirtConnection.Open"/> throws; a failed open is not cached.
    /// </summary>
    public async Task<LibvirtLease> AcquireAsync(string uri, LibvirtCredentials? credentials = null, CancellationToken cancel = default)
    {
        var key = new Key(uri, credentials);
        Entry entry;
        LibvirtConnection? stale = null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_entries.TryGetValue(key, out var existing) && existing.IsBroken)
            {
                _entries.Remove(key);
                if (existing.Refs == 0) stale = existing.Connection;
                existing = null;
            }
            entry = existing ?? (_entries[key] = new Entry(key, LibvirtWork.RunAsync(() => LibvirtConnection.Open(uri, credentials))));
            entry.Refs++;
            entry.Linger?.Dispose();
            entry.Linger = null;
        }
        if (stale is not null) _ = LibvirtWork.RunAsync(stale.Dispose);
        try
        {
            var connection = await entry.Opening.WaitAsync(cancel).ConfigureAwait(false);
            return new LibvirtLease(this, entry, connection);
        }
        catch
        {
            Release(entry);
            throw;
        }
    }

    internal void Release(Entry entry)
    {
        lock (_gate)
        {
            if (--entry.Refs > 0) return;
            if (_disposed || entry.IsBroken || _linger <= TimeSpan.Zero)
            {
                Forget(entry);
                return;
            }
            entry.Linger = _time.CreateTimer(_ => Expire(entry), null, _linger, Timeout.InfiniteTimeSpan);
        }
    }

    private void Expire(Entry entry)
    {
        lock (_gate)
        {
            if (entry.Refs > 0) return;
            Forget(entry);
        }
    }

    // Under the lock: drops the entry and closes its connection (once it has opened) off the caller's thread.
    private void Forget(Entry entry)
    {
        if (_entries.TryGetValue(entry.Key, out var current) && ReferenceEquals(current, entry)) _entries.Remove(entry.Key);
        entry.Linger?.Dispose();
        entry.Linger = null;
        _ = entry.Opening.ContinueWith(
            static opened => opened.Result.Dispose(),
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Closes every connection, held or not; leases stay disposable.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var entry in _entries.Values.ToList()) Forget(entry);
        }
    }

    internal readonly record struct Key(string Uri, LibvirtCredentials? Credentials);

    internal sealed class Entry(Key key, Task<LibvirtConnection> opening)
    {
        public Key Key { get; } = key;
        public Task<LibvirtConnection> Opening { get; } = opening;
        public int Refs { get; set; }
        public ITimer? Linger { get; set; }
        public LibvirtConnection? Connection => Opening.IsCompletedSuccessfully ? Opening.Result : null;
        public bool IsBroken => Opening.IsFaulted || Opening.IsCanceled || Connection is { IsLost: true };
    }
}
