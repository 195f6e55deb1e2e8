using System.Text;
using Mgmt.Platform.Native;

namespace Mgmt.Platform.Host;

/// <summary>
/// The kernel's host name (what <c>uname -n</c> prints, the "transient" host name in systemd's terms), read and set
/// with <c>gethostname(2)</c> and <c>sethostname(2)</c>. It belongs to the calling thread's UTS namespace.
/// </summary>
public static unsafe class KernelHostname
{
    /// <summary>The longest host name the kernel accepts, in bytes.</summary>
    public const int MaxLength = 64;

    /// <summary>The current kernel host name.</summary>
    public static string Get()
    {
        var buffer = stackalloc byte[MaxLength + 1];
        if (LibC.gethostname(buffer, MaxLength + 1) != 0) throw PosixException.Last("gethostname", null);
        var length = 0;
        while (length <= MaxLength && buffer[length] != 0) length++;
        return Encoding.UTF8.GetString(buffer, length);
    }

    /// <summary>Sets the kernel host name; needs root (CAP_SYS_ADMIN). Throws <see cref="PosixException"/> when refused.</summary>
    public static void Set(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        if (bytes.Length > MaxLength) throw new ArgumentException($"the host name '{name}' is longer than {MaxLength} bytes", nameof(name));
        fixed (byte* p = bytes)
        {
            if (LibC.sethostname(p, (nuint)bytes.Length) != 0) throw PosixException.Last("sethostname", name);
        }
    }
}
