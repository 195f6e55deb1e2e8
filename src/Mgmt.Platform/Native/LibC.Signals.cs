using System.Runtime.InteropServices;

namespace Mgmt.Platform.Native;

// Signal dispositions of the process.
internal static unsafe partial class LibC
{
    public const nint SigDfl = 0;
    public const nint SigIgn = 1;

    /// <summary><c>sigaction</c> with the structures as raw bytes: only the handler, their first field on every Linux ABI, is read.</summary>
    [LibraryImport(Lib, SetLastError = true)]
    public static partial int sigaction(int signal, byte* action, byte* previous);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint signal(int signal, nint handler);
}
