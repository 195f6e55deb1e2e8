using System.Text;
using Mgmt.Platform.Native;
using Microsoft.Win32.SafeHandles;

namespace Mgmt.Platform.Files;

/// <summary>
/// Thin, exception-based wrappers over the POSIX file calls the resources need (stat, chmod, chown, symlinks,
/// renames). Every failure throws a <see cref="PosixException"/> naming the call and the path.
/// </summary>
public static unsafe class Posix
{
    private const uint TypeMask = 0xF000;
    private const uint TypeRegular = 0x8000;
    private const uint TypeDirectory = 0x4000;
    private const uint TypeSymlink = 0xA000;

    /// <summary>Status of the entry itself (a symlink is reported as a symlink), or null when it does not exist.</summary>
    public static FileStatus? TryLstat(string path) => Statx(path, LibC.AtSymlinkNoFollow);

    /// <summary>Status of what the path leads to (symlinks followed), or null when that does not exist.</summary>
    public static FileStatus? TryStat(string path) => Statx(path, 0);

    private static FileStatus? Statx(string path, int flags)
    {
        LibC.StatxBuffer buffer;
        if (LibC.statx(LibC.AtFdCwd, path, flags, LibC.StatxBasicStats, &buffer) != 0)
        {
            var e = PosixException.Last("stat", path);
            // A missing entry, or a path running through a file ("/etc/passwd/x"), simply does not exist.
            if (e.Errno is Errno.ENOENT or Errno.ENOTDIR) return null;
            throw e;
        }
        var kind = (buffer.Mode & TypeMask) switch
        {
            TypeRegular => FileKind.Regular,
            TypeDirectory => FileKind.Directory,
            TypeSymlink => FileKind.Symlink,
            _ => FileKind.Other,
        };
        return new FileStatus(
            kind,
            buffer.Mode & 0xFFFu,
            buffer.Uid,
            buffer.Gid,
            (long)buffer.Size,
            buffer.Inode,
            ((ulong)buffer.DevMajor << 32) | buffer.DevMinor,
            buffer.MtimeSec * 1_000_000_000 + buffer.MtimeNsec,
            buffer.CtimeSec * 1_000_000_000 + buffer.CtimeNsec,
            buffer.Nlink);
    }

    /// <summary>Sets the permission bits (<c>07777</c>) of what the path leads to.</summary>
    public static void Chmod(string path, uint mode)
    {
        if (LibC.chmod(path, mode & 0xFFF) != 0) throw PosixException.Last("chmod", path);
    }

    /// <summary>Sets the permission bits of an open file.</summary>
    public static void Chmod(SafeFileHandle file, uint mode, string pathForErrors)
    {
        if (LibC.fchmod(Fd(file), mode & 0xFFF) != 0) throw PosixException.Last("chmod", pathForErrors);
    }

    /// <summary>Sets owner and group of what the path leads to; null leaves that id unchanged.</summary>
    public static void Chown(string path, uint? uid, uint? gid)
    {
        if (LibC.chown(path, uid ?? uint.MaxValue, gid ?? uint.MaxValue) != 0) throw PosixException.Last("chown", path);
    }

    /// <summary>Sets owner and group of the entry itself, not following a symlink.</summary>
    public static void Lchown(string path, uint? uid, uint? gid)
    {
        if (LibC.lchown(path, uid ?? uint.MaxValue, gid ?? uint.MaxValue) != 0) throw PosixException.Last("chown", path);
    }

    /// <summary>An extended attribute of the entry itself (not following a symlink), or null when it has none.</summary>
    public static byte[]? TryGetXattr(string path, string name)
    {
        var buffer = new byte[256];
        while (true)
        {
            nint n;
            fixed (byte* p = buffer) n = LibC.lgetxattr(path, name, p, (nuint)buffer.Length);
            if (n >= 0) return buffer[..(int)n];
            var e = PosixException.Last("getxattr", path);
            if (e.Errno is Errno.ENODATA or Errno.EOPNOTSUPP) return null;
            if (e.Errno != 34 /* ERANGE */ || buffer.Length > 1 << 20) throw e;
            buffer = new byte[buffer.Length * 4];
        }
    }

    /// <summary>Sets an extended attribute of the entry itself (not following a symlink).</summary>
    public static void SetXattr(string path, string name, ReadOnlySpan<byte> value)
    {
        fixed (byte* p = value)
        {
            if (LibC.lsetxattr(path, name, p, (nuint)value.Length, 0) != 0) throw PosixException.Last("setxattr", path);
        }
    }

    /// <summary>Removes an extended attribute of the entry itself; false when it had none.</summary>
    public static bool RemoveXattr(string path, string name)
    {
        if (LibC.lremovexattr(path, name) == 0) return true;
        var e = PosixException.Last("removexattr", path);
        return e.Errno is Errno.ENODATA ? false : throw e;
    }

    /// <summary>Sets owner and group of an open file.</summary>
    public static void Chown(SafeFileHandle file, uint? uid, uint? gid, string pathForErrors)
    {
        if (LibC.fchown(Fd(file), uid ?? uint.MaxValue, gid ?? uint.MaxValue) != 0) throw PosixException.Last("chown", pathForErrors);
    }

    /// <summary>Flushes an open file's data and metadata to the disk.</summary>
    public static void Fsync(SafeFileHandle file, string pathForErrors)
    {
        if (LibC.fsync(Fd(file)) != 0) throw PosixException.Last("fsync", pathForErrors);
    }

    /// <summary>Flushes a directory, making the creations, renames and removals inside it durable.</summary>
    public static void FsyncDirectory(string path)
    {
        var fd = LibC.open(path, LibC.ORdOnly | LibC.OCloExec, 0);
        if (fd < 0) throw PosixException.Last("open", path);
        try
        {
            if (LibC.fsync(fd) != 0) throw PosixException.Last("fsync", path);
        }
        finally
        {
            LibC.close(fd);
        }
    }

    /// <summary>Atomically replaces <paramref name="to"/> with <paramref name="from"/> (same file system).</summary>
    public static void Rename(string from, string to)
    {
        if (LibC.rename(from, to) != 0) throw PosixException.Last("rename", $"{from} -> {to}");
    }

    /// <summary>Creates one directory; returns false when something already exists at the path.</summary>
    public static bool Mkdir(string path, uint mode)
    {
        if (LibC.mkdir(path, mode & 0xFFF) == 0) return true;
        var e = PosixException.Last("mkdir", path);
        if (e.Errno == Errno.EEXIST) return false;
        throw e;
    }

    /// <summary>Removes an empty directory.</summary>
    public static void Rmdir(string path)
    {
        if (LibC.rmdir(path) != 0) throw PosixException.Last("rmdir", path);
    }

    /// <summary>Removes a non-directory entry (a symlink itself, not its target); false when it was already gone.</summary>
    public static bool Unlink(string path)
    {
        if (LibC.unlink(path) == 0) return true;
        var e = PosixException.Last("unlink", path);
        if (e.Errno == Errno.ENOENT) return false;
        throw e;
    }

    /// <summary>Creates a symlink at <paramref name="linkPath"/> pointing to <paramref name="target"/> (any text).</summary>
    public static void Symlink(string target, string linkPath)
    {
        if (LibC.symlink(target, linkPath) != 0) throw PosixException.Last("symlink", linkPath);
    }

    /// <summary>The target text of a symlink, or null when the entry does not exist or is not a symlink.</summary>
    public static string? ReadLink(string path)
    {
        var size = 256;
        while (true)
        {
            var buffer = new byte[size];
            nint n;
            fixed (byte* p = buffer) n = LibC.readlink(path, p, size);
            if (n < 0)
            {
                var e = PosixException.Last("readlink", path);
                if (e.Errno is Errno.ENOENT or Errno.EINVAL or Errno.ENOTDIR) return null;
                throw e;
            }
            if (n < size) return Encoding.UTF8.GetString(buffer, 0, (int)n);
            size *= 4;
        }
    }

    /// <summary>
    /// Removes whatever is at the path: a file, a symlink (never its target) or a whole directory tree.
    /// Returns false when nothing was there. Refuses to remove <c>/</c>.
    /// </summary>
    public static bool RemoveAll(string path)
    {
        var clean = PathText.Clean(path);
        if (clean == "/") throw new InvalidOperationException("refusing to remove the root directory");
        var status = TryLstat(clean);
        if (status is null) return false;
        if (status.Value.IsDirectory)
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(clean))
            {
                RemoveAll(entry);
            }
            Rmdir(clean);
        }
        else
        {
            Unlink(clean);
        }
        return true;
    }

    /// <summary>The effective user id of this process (0 when running as root).</summary>
    public static uint EffectiveUid => LibC.geteuid();

    /// <summary>The effective group id of this process.</summary>
    public static uint EffectiveGid => LibC.getegid();

    /// <summary>The process's file creation mask, read from <c>/proc/self/status</c> (022 when unavailable).</summary>
    public static uint ReadUmask()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Umask:", StringComparison.Ordinal))
                {
                    return Convert.ToUInt32(line[6..].Trim(), 8);
                }
            }
        }
        catch (IOException)
        {
        }
        return 0x12; // 022
    }

    /// <summary>Sends a signal to a process (positive id) or a whole process group (negative id); false when it is gone.</summary>
    public static bool Kill(int pid, int signal)
    {
        if (LibC.kill(pid, signal) == 0) return true;
        var e = PosixException.Last("kill", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (e.Errno == Errno.ESRCH) return false;
        throw e;
    }

    private static int Fd(SafeFileHandle file) => (int)file.DangerousGetHandle();
}
