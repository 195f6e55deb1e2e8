using System.Buffers.Binary;
using System.Text;
using Mgmt.Platform.Native;

namespace Mgmt.Platform.Watching;

/// <summary>What happened to an entry of a watched directory.</summary>
public enum EntryChange
{
    /// <summary>Written to, and perhaps not finished: more may follow.</summary>
    Written,

    /// <summary>Closed by a process that had it open for writing: what it wrote is all there.</summary>
    Closed,

    /// <summary>Renamed into place (an atomic replace): complete from the first moment it has the name.</summary>
    MovedIn,

    /// <summary>Created (empty so far, or a directory).</summary>
    Created,

    /// <summary>Deleted or renamed away.</summary>
    Removed,

    /// <summary>Events were lost (the kernel's queue overflowed) or the directory itself went away: anything may have changed.</summary>
    Lost,
}

/// <summary>
/// Watches one directory with its own inotify instance and reports, for each event, the entry's name and what
/// happened to it. Unlike <see cref="InotifyHub"/> (which only says that something may have changed) it tells a
/// file closed after writing or renamed into place, which is complete, from one being written, which may not be:
/// a reader of whole files can read the former at once and wait for the latter to settle.
/// The callback runs on the watcher's own thread and must return quickly.
/// </summary>
public sealed class DirectoryEntryWatcher : IDisposable
{
    private const uint Modify = 0x2;
    private const uint CloseWrite = 0x8;
    private const uint MovedFrom = 0x40;
    private const uint MovedTo = 0x80;
    private const uint Create = 0x100;
    private const uint Delete = 0x200;
    private const uint DeleteSelf = 0x400;
    private const uint MoveSelf = 0x800;
    private const uint Overflow = 0x4000;
    private const uint Ignored = 0x8000;
    private const uint OnlyDir = 0x01000000;

    private readonly int _fd;
    private readonly int _wakeFd;
    private readonly Thread _reader;
    private readonly Action<string?, EntryChange> _onChange;
    private int _disposed;

    /// <summary>Starts watching <paramref name="directory"/>.</summary>
    /// <exception cref="PosixException">The directory does not exist or cannot be watched.</exception>
    public DirectoryEntryWatcher(string directory, Action<string?, EntryChange> onChange)
    {
        _onChange = onChange ?? throw new ArgumentNullException(nameof(onChange));
        _fd = LibC.inotify_init1(InotifyMask.NonBlock | InotifyMask.CloseOnExec);
        if (_fd < 0) throw PosixException.Last("inotify_init1", null);
        if (LibC.inotify_add_watch(_fd, directory, Modify | CloseWrite | MovedFrom | MovedTo | Create | Delete | DeleteSelf | MoveSelf | OnlyDir) < 0)
        {
            var e = PosixException.Last("inotify_add_watch", directory);
            LibC.close(_fd);
            throw e;
        }
        _wakeFd = LibC.eventfd(0, InotifyMask.NonBlock | InotifyMask.CloseOnExec);
        if (_wakeFd < 0)
        {
            var e = PosixException.Last("eventfd", null);
            LibC.close(_fd);
            throw e;
        }
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "directory watch" };
        _reader.Start();
    }

    public unsafe void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        ulong one = 1;
        LibC.write(_wakeFd, (byte*)&one, sizeof(ulong));
        if (Thread.CurrentThread != _reader) _reader.Join();
        LibC.close(_fd);
        LibC.close(_wakeFd);
    }

    private unsafe void ReadLoop()
    {
        var buffer = GC.AllocateArray<byte>(16 * 1024, pinned: true);
        var fds = stackalloc LibC.PollFd[2];
        while (Volatile.Read(ref _disposed) == 0)
        {
            fds[0] = new LibC.PollFd { Fd = _fd, Events = LibC.PollIn };
            fds[1] = new LibC.PollFd { Fd = _wakeFd, Events = LibC.PollIn };
            if (LibC.poll(fds, 2, -1) < 0)
            {
                if (PosixException.Last("poll", null).Errno == LibC.EIntr) continue;
                _onChange(null, EntryChange.Lost);
                return;
            }
            if (fds[1].Revents != 0) return;
            if ((fds[0].Revents & LibC.PollIn) == 0) continue;
            nint n;
            fixed (byte* p = buffer) n = LibC.read(_fd, p, buffer.Length);
            if (n < 0)
            {
                if (PosixException.Last("read", "inotify").Errno is LibC.EIntr or LibC.EAgain) continue;
                _onChange(null, EntryChange.Lost);
                return;
            }
            Dispatch(buffer.AsSpan(0, (int)n));
        }
    }

    // struct inotify_event { int wd; uint32 mask; uint32 cookie; uint32 len; char name[len]; }, the name padded with NULs.
    private void Dispatch(ReadOnlySpan<byte> events)
    {
        var offset = 0;
        while (offset + 16 <= events.Length)
        {
            var mask = BinaryPrimitives.ReadUInt32LittleEndian(events[(offset + 4)..]);
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(events[(offset + 12)..]);
            var raw = events.Slice(offset + 16, Math.Min(length, events.Length - offset - 16));
            var end = raw.IndexOf((byte)0);
            var name = raw.Length == 0 ? null : Encoding.UTF8.GetString(end < 0 ? raw : raw[..end]);
            offset += 16 + length;
            if ((mask & (Overflow | DeleteSelf | MoveSelf | Ignored)) != 0) _onChange(null, EntryChange.Lost);
            else if ((mask & MovedTo) != 0) _onChange(name, EntryChange.MovedIn);
            else if ((mask & CloseWrite) != 0) _onChange(name, EntryChange.Closed);
            else if ((mask & (Delete | MovedFrom)) != 0) _onChange(name, EntryChange.Removed);
            else if ((mask & Create) != 0) _onChange(name, EntryChange.Created);
            else if ((mask & Modify) != 0) _onChange(name, EntryChange.Written);
        }
    }
}
