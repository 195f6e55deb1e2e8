using System.Runtime.InteropServices;

namespace Mgmt.Platform.Native;

// The kernel's host name (of the calling thread's UTS namespace).
internal static unsafe partial class LibC
{
    [LibraryImport(Lib, SetLastError = true)]
    public static partial int gethostname(byte* name, nuint length);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int sethostname(byte* name, nuint length);
}
