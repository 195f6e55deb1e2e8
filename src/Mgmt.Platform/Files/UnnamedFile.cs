using System.Runtime.InteropServices;
using Mgmt.Platform.Native;
using Microsoft.Win32.SafeHandles;

namespace Mgmt.Platform.Files;

/// <summary>
/// A file created without a name (<c>O_TMPFILE</c>) in a directory, filled, then given its name in one step with
/// <c>linkat</c>. Used to create files that do not exist yet: there is a single directory operation, and a
/// crash before the link leaves nothing behind at all.
/// </summary>
internal static class UnnamedFile
{
    private const int WriteOnly = 1;
    private const int ErrNotSupported = 95;

    // O_TMPFILE includes O_DIRECTORY, whose value differs between architectures.
    private static readonly int TmpFileFlag = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 0x410000,
        Architecture.Arm64 => 0x404000,
        _ => 0,
    };

    /// <summary>
    /// Opens an unnamed file in <paramref name="directory"/> with <paramref name="mode"/>, or returns null when the
    /// file system or architecture cannot do it (the caller then uses a named temporary file).
    /// </summary>
    public static SafeFileHandle? TryCreate(string directory, uint mode)
    {
        if (TmpFileFlag == 0) return null;
        var fd = LibC.open(directory, TmpFileFlag | WriteOnly | LibC.OCloExec, mode & 0xFFF);
        if (fd >= 0) return new SafeFileHandle(fd, ownsHandle: true);
        var e = PosixException.Last("open", directory);
        if (e.Errno is ErrNotSupported or Errno.EISDIR or Errno.EINVAL or Errno.EACCES or Errno.EPERM) return null;
        throw e;
    }

    /// <summary>
    /// Gives the unnamed file its name. Returns false when something already exists at the path (the caller
    /// then replaces it with a rename instead).
    /// </summary>
    public static bool TryLink(SafeFileHandle file, string path)
    {
        var fd = (int)file.DangerousGetHandle();
        if (LibC.linkat(fd, "", LibC.AtFdCwd, path, LibC.AtEmptyPath) == 0) return true;
        var e = PosixException.Last("link", path);
        if (e.Errno == Errno.EEXIST) return false;
        if (e.Errno != Errno.ENOENT) throw e;
        // Without CAP_DAC_READ_SEARCH an empty path is refused; the /proc alias works for everyone.
        if (LibC.linkat(LibC.AtFdCwd, $"/proc/self/fd/{fd}", LibC.AtFdCwd, path, LibC.AtSymlinkFollow) == 0) return true;
        e = PosixException.Last("link", path);
        if (e.Errno == Errno.EEXIST) return false;
        throw e;
    }
}
