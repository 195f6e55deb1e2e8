using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;

namespace Mgmt.Bench;

/// <summary>One inotify event on a watched directory, stamped when the read returned.</summary>
internal readonly record struct DirectoryEvent(string Name, uint Mask, long Timestamp);

/// <summary>
/// Watches one directory with its own inotify instance on a dedicated thread, independent of the agent under
/// test: the drivers measure mgmt with the kernel's view of the files, not with mgmt's own watcher. Each event
/// carries the <see cref="Stopwatch"/> timestamp taken right after the blocking read returned it.
/// </summary>
internal sealed partial class DirectoryEvents : IDisposable
{
    public const uint Modify = 0x2;
    public const uint CloseWrite = 0x8;
    public const uint MovedTo = 0x80;
    public const uint Create = 0x100;
    public const uint Delete = 0x200;
    private const int CloseOnExec = 0x80000;

    private readonly Channel<DirectoryEvent> _events = Channel.CreateUnbounded<DirectoryEvent>(new() { SingleReader = true, SingleWriter = true });
    private readonly int _fd;
    private volatile bool _disposed;

    public DirectoryEvents(string directory, uint mask = Modify | CloseWrite | MovedTo | Create | Delete)
    {
        _fd = InotifyInit(CloseOnExec);
        if (_fd < 0) throw new BenchFailure($"inotify_init1 failed (errno {Marshal.GetLastPInvokeError()})");
        if (InotifyAddWatch(_fd, directory, mask) < 0)
        {
            throw new BenchFailure($"cannot watch {directory} (errno {Marshal.GetLastPInvokeError()})");
        }
        new Thread(ReadLoop) { IsBackground = true, Name = "inotify " + directory }.Start();
    }

    /// <summary>
    /// The first event (after those already consumed) that <paramref name="match"/> accepts; earlier events are
    /// dropped. Throws <see cref="TimeoutException"/> when none comes in time.
    /// </summary>
    public async Task<DirectoryEvent> WaitForAsync(Func<DirectoryEvent, bool> match, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var e = await _events.Reader.ReadAsync(limit.Token).ConfigureAwait(false);
                if (match(e)) return e;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException();
        }
    }

    /// <summary>Drops every event received so far.</summary>
    public void Drain()
    {
        while (_events.Reader.TryRead(out _))
        {
        }
    }

    private unsafe void ReadLoop()
    {
        var buffer = new byte[64 * 1024];
        fixed (byte* start = buffer)
        {
            while (!_disposed)
            {
                var n = Read(_fd, start, buffer.Length);
                var now = Stopwatch.GetTimestamp();
                if (n <= 0)
                {
                    if (_disposed) return;
                    if (Marshal.GetLastPInvokeError() == 4) continue; // EINTR
                    _events.Writer.TryComplete(new BenchFailure("reading inotify events failed"));
                    return;
                }
                var offset = 0;
                while (offset + 16 <= n)
                {
                    var mask = BitConverter.ToUInt32(buffer, offset + 4);
                    var length = (int)BitConverter.ToUInt32(buffer, offset + 12);
                    var name = Encoding.UTF8.GetString(buffer, offset + 16, length).TrimEnd('\0');
                    _events.Writer.TryWrite(new DirectoryEvent(name, mask, now));
                    offset += 16 + length;
                }
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        // The reader thread is a background thread blocked in read(2); closing the descriptor is enough for a
        // driver process that is about to exit.
        Close(_fd);
    }

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    private static partial int InotifyInit(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int InotifyAddWatch(int fd, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
