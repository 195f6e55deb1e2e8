using Mgmt.Platform.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mgmt.Platform.Watching;

/// <summary>
/// The process's one inotify instance, shared by every resource and language function that watches files.
/// </summary>
/// <remarks>
/// <para>Consumers <see cref="Subscribe(string, WatchDepth, IWatchListener)"/> to a path (a file or a directory, existing or not yet) and get a
/// callback whenever something at that path may have changed. Spurious callbacks happen (a consumer re-checks
/// the real state anyway); a change that goes unreported would be a bug.</para>
/// <para>Only directories are watched: a file is seen through its directory's watch, and one kernel watch
/// serves every subscription inside a directory (100,000 files in one directory cost one watch). Each
/// subscription also watches every ancestor directory, so a path that does not exist yet is followed as its
/// parts appear, and a renamed or deleted ancestor is noticed. When the kernel queue overflows every
/// subscriber is notified and every watch re-checked.</para>
/// <para>Callbacks run on the hub's reader thread, directly after the kernel reports the event (no polling,
/// no debounce): they must return quickly and never block (signal a channel, call
/// <c>IResourceContext.Event()</c>). A callback may still arrive shortly after its subscription is disposed.</para>
/// <para>Known blind spot: a write to a file through a hard link in another directory is not seen.</para>
/// </remarks>
public sealed partial class InotifyHub : IDisposable
{
    private readonly Lock _lock = new();
    private readonly ILogger _logger;
    private readonly int _fd;
    private readonly int _wakeFd;
    private readonly Thread _reader;
    private readonly WatchNode _root = new("", null);
    private readonly Dictionary<int, List<WatchNode>> _byWd = [];
    private bool _disposed;

    /// <summary>Creates the inotify instance and starts its reader thread.</summary>
    /// <exception cref="PosixException">The kernel refused (for example the per-user instance limit is reached).</exception>
    public InotifyHub(ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _fd = LibC.inotify_init1(InotifyMask.NonBlock | InotifyMask.CloseOnExec);
        if (_fd < 0) throw PosixException.Last("inotify_init1", null);
        _wakeFd = LibC.eventfd(0, InotifyMask.NonBlock | InotifyMask.CloseOnExec);
        if (_wakeFd < 0)
        {
            var e = PosixException.Last("eventfd", null);
            LibC.close(_fd);
            throw e;
        }
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "inotify hub" };
        _reader.Start();
    }

    /// <summary>How many kernel watches the hub holds now (for diagnostics and tests).</summary>
    public int KernelWatchCount
    {
        get
        {
            lock (_lock) return _byWd.Count;
        }
    }

    /// <summary>
    /// Starts watching <paramref name="path"/> (absolute; a trailing slash is ignored). <paramref name="onChange"/>
    /// runs on every possible change; <paramref name="onError"/> when the hub can no longer watch the path (for
    /// example when the kernel's watch limit is reached), else such errors are logged. Dispose the result to stop.
    /// </summary>
    /// <exception cref="ArgumentException">The path is not absolute.</exception>
    /// <exception cref="PosixException">A watch could not be added (limit reached, permission denied).</exception>
    public IDisposable Subscribe(string path, WatchDepth depth, Action onChange, Action<Exception>? onError = null)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        return Subscribe(path, depth, new DelegateListener(onChange, onError));
    }

    /// <summary>
    /// Starts watching <paramref name="path"/> as <see cref="Subscribe(string, WatchDepth, Action, Action{Exception}?)"/>
    /// does, calling <paramref name="listener"/> back (one listener may serve many subscriptions).
    /// </summary>
    /// <exception cref="ArgumentException">The path is not absolute.</exception>
    /// <exception cref="PosixException">A watch could not be added (limit reached, permission denied).</exception>
    public IDisposable Subscribe(string path, WatchDepth depth, IWatchListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        if (!path.StartsWith('/')) throw new ArgumentException($"cannot watch '{path}': the path must be absolute", nameof(path));
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return AddSubscription(path, depth, listener);
        }
    }

    /// <summary>Stops the reader thread and closes the inotify instance. Subscriptions get no more callbacks.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
        }
        Wake();
        if (Thread.CurrentThread != _reader) _reader.Join();
        LibC.close(_fd);
        LibC.close(_wakeFd);
    }

    private unsafe void Wake()
    {
        ulong one = 1;
        LibC.write(_wakeFd, (byte*)&one, sizeof(ulong));
    }

    private unsafe void ReadLoop()
    {
        const int size = 64 * 1024;
        var buffer = GC.AllocateArray<byte>(size, pinned: true);
        var due = new HashSet<WatchSubscription>();
        var failures = new List<(WatchSubscription, Exception)>();
        var fds = stackalloc LibC.PollFd[2];
        while (true)
        {
            fds[0] = new LibC.PollFd { Fd = _fd, Events = LibC.PollIn };
            fds[1] = new LibC.PollFd { Fd = _wakeFd, Events = LibC.PollIn };
            if (LibC.poll(fds, 2, -1) < 0)
            {
                var e = PosixException.Last("poll", null);
                if (e.Errno == LibC.EIntr) continue;
                _logger.LogError("inotify hub stopped: {Error}", e.Message);
                return;
            }
            if (fds[1].Revents != 0) return;
            if ((fds[0].Revents & LibC.PollIn) == 0) continue;

            nint n;
            fixed (byte* p = buffer) n = LibC.read(_fd, p, size);
            if (n < 0)
            {
                var e = PosixException.Last("read", "inotify");
                if (e.Errno is LibC.EIntr or LibC.EAgain) continue;
                _logger.LogError("inotify hub stopped: {Error}", e.Message);
                return;
            }

            lock (_lock)
            {
                if (_disposed) return;
                Dispatch(buffer.AsSpan(0, (int)n), due, failures);
            }
            Deliver(due, failures);
        }
    }

    // Outside the lock, so that a callback may subscribe or unsubscribe.
    private void Deliver(HashSet<WatchSubscription> due, List<(WatchSubscription Sub, Exception Error)> failures)
    {
        foreach (var (sub, error) in failures)
        {
            if (!sub.Fail(error)) _logger.LogError("cannot keep watching {Path}: {Error}", sub.Node.Path, error.Message);
        }
        failures.Clear();
        foreach (var sub in due)
        {
            try
            {
                sub.Notify();
            }
            catch (Exception e)
            {
                _logger.LogError(e, "a file watch callback for {Path} failed", sub.Node.Path);
            }
        }
        due.Clear();
    }
}
