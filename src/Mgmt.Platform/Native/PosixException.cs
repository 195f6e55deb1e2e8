using System.Runtime.InteropServices;

namespace Mgmt.Platform.Native;

/// <summary>
/// A system call failed. The message names the operation, the path and the system's reason
/// (<c>chmod /etc/x: Operation not permitted</c>), so it can be shown to a user as is.
/// </summary>
public sealed class PosixException : IOException
{
    public PosixException(string operation, string? path, int errno)
        : base(Describe(operation, path, errno))
    {
        Operation = operation;
        Path = path;
        Errno = errno;
    }

    /// <summary>The call that failed, such as <c>chmod</c>.</summary>
    public string Operation { get; }

    /// <summary>The path it was given, if any.</summary>
    public string? Path { get; }

    /// <summary>The error number (see <see cref="Native.Errno"/>).</summary>
    public int Errno { get; }

    /// <summary>Builds the exception for the error of the call that just failed on this thread.</summary>
    internal static PosixException Last(string operation, string? path) =>
        new(operation, path, Marshal.GetLastPInvokeError());

    private static string Describe(string operation, string? path, int errno)
    {
        var reason = Marshal.GetPInvokeErrorMessage(errno);
        return path is null ? $"{operation}: {reason}" : $"{operation} {path}: {reason}";
    }
}
