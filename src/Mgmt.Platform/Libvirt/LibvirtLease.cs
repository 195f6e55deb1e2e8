namespace Mgmt.Platform.Libvirt;

/// <summary>One user's hold on a connection shared by a <see cref="LibvirtConnectionPool"/>; dispose it when done.</summary>
public sealed class LibvirtLease : IDisposable
{
    private readonly LibvirtConnectionPool _pool;
    private readonly LibvirtConnectionPool.Entry _entry;
    private int _disposed;

    internal LibvirtLease(LibvirtConnectionPool pool, LibvirtConnectionPool.Entry entry, LibvirtConnection connection)
    {
        _pool = pool;
        _entry = entry;
        Connection = connection;
    }

    /// <summary>The shared connection; valid until this lease is disposed (other holders keep it open).</summary>
    public LibvirtConnection Connection { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _pool.Release(_entry);
    }
}
