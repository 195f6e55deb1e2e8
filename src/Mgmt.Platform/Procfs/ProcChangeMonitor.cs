using Mgmt.Platform.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mgmt.Platform.Procfs;

/// <summary>
/// Reports changes to the kernel files that announce them through <c>poll(2)</c> with <c>POLLPRI</c> instead of
/// inotify: <c>/proc/self/mountinfo</c> (the mount table), <c>/proc/sys/kernel/hostname</c> and
/// <c>/proc/sys/kernel/domainname</c>. One reader thread waits on every subscribed file at once, so watching
/// costs nothing until the kernel reports a change.
/// </summary>
/// <remarks>
/// Most other procfs files never report (the kernel answers their poll with plain readiness, which is ignored
/// here): a subscription to one of those simply gets no callbacks, so callers poll such files on a timer. Like
/// the inotify hub, callbacks run on the reader thread and must return quickly without blocking.
/// </remarks>
public sealed class ProcChangeMonitor : IDisposable
{
    private const short PollPri = 0x2;
    private const short PollErr = 0x8;
    private const short PollNval = 0x20;

    private readonly Lock _lock = new();
    private readonly ILogger _logger;
    private readonly int _wakeFd;
    private readonly Thread _reader;
    private readonly List<Subscription> _subscriptions = [];
    private bool _disposed;

    /// <summary>Starts the reader thread.</summary>
    /// <exception cref="PosixException">An eventfd could not be created.</exception>
    public ProcChangeMonitor(ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _wakeFd = LibC.eventfd(0, 0x800 | LibC.OCloExec);
        if (_wakeFd < 0) throw PosixException.Last("eventfd", null);
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "procfs change monitor" };
        _reader.Start();
    }

    /// <summary>
    /// Opens <paramref name="path"/> and calls <paramref name="onChange"/> each time the kernel reports a change to
    /// it; <paramref name="onError"/> when the file can no longer be watched. Dispose the result to stop.
    /// </summary>
    /// <exception cref="PosixException">The file cannot be opened.</exception>
    public IDisposable Subscribe(string path, Action onChange, Action<Exception>? onError = null)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        var fd = LibC.open(path, LibC.ORdOnly | LibC.OCloExec, 0);
        if (fd < 0) throw PosixException.Last("open", path);
        var subscription = new Subscription(this, path, fd, onChange, onError);
        lock (_lock)
        {
            if (_disposed)
            {
                LibC.close(fd);
                throw new ObjectDisposedException(nameof(ProcChangeMonitor));
            }
            _subscriptions.Add(subscription);
        }
        Wake();
        return subscription;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
        }
        Wake();
        if (Thread.CurrentThread != _reader) _reader.Join();
        lock (_lock)
        {
            foreach (var s in _subscriptions) LibC.close(s.Fd);
            _subscriptions.Clear();
        }
        LibC.close(_wakeFd);
    }

    private void Remove(Subscription subscription)
    {
        lock (_lock)
        {
            if (!_subscriptions.Remove(subscription)) return;
            // Closed by the reader thread once it no longer polls the descriptor.
            _retired.Add(subscription.Fd);
        }
        Wake();
    }

    private readonly List<int> _retired = [];

    private unsafe void Wake()
    {
        ulong one = 1;
        LibC.write(_wakeFd, (byte*)&one, sizeof(ulong));
    }

    private unsafe void ReadLoop()
    {
        var drain = stackalloc byte[8];
        while (true)
        {
            Subscription[] watched;
            lock (_lock)
            {
                if (_disposed) return;
                foreach (var fd in _retired) LibC.close(fd);
                _retired.Clear();
                watched = [.. _subscriptions];
            }
            var fds = new LibC.PollFd[watched.Length + 1];
            fds[0] = new LibC.PollFd { Fd = _wakeFd, Events = LibC.PollIn };
            for (var i = 0; i < watched.Length; i++) fds[i + 1] = new LibC.PollFd { Fd = watched[i].Fd, Events = PollPri };
            int ready;
            fixed (LibC.PollFd* p = fds) ready = LibC.poll(p, (nuint)fds.Length, -1);
            if (ready < 0)
            {
                var e = PosixException.Last("poll", null);
                if (e.Errno == LibC.EIntr) continue;
                _logger.LogError("the procfs change monitor stopped: {Error}", e.Message);
                return;
            }
            if (fds[0].Revents != 0) LibC.read(_wakeFd, drain, 8);
            for (var i = 0; i < watched.Length; i++)
            {
                var revents = fds[i + 1].Revents;
                if (revents == 0) continue;
                if ((revents & PollNval) != 0)
                {
                    watched[i].Fail(new IOException($"cannot watch {watched[i].Path} any more: the kernel closed it"));
                    continue;
                }
                if ((revents & (PollPri | PollErr)) != 0) watched[i].Notify(_logger);
            }
        }
    }

    private sealed class Subscription(ProcChangeMonitor owner, string path, int fd, Action onChange, Action<Exception>? onError) : IDisposable
    {
        private int _disposed;

        public string Path { get; } = path;

        public int Fd { get; } = fd;

        public void Notify(ILogger logger)
        {
            if (Volatile.Read(ref _disposed) != 0) return;
            try
            {
                onChange();
            }
            catch (Exception e)
            {
                logger.LogError(e, "a procfs change callback for {Path} failed", Path);
            }
        }

        public void Fail(Exception error)
        {
            if (Volatile.Read(ref _disposed) != 0) return;
            owner.Remove(this);
            onError?.Invoke(error);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Remove(this);
        }
    }
}
