using System.Runtime.InteropServices;

namespace Mgmt.Platform.Augeas;

/// <summary>
/// The few libaugeas calls mgmt uses (Debian's <c>libaugeas0</c>), with source-generated marshalling so the binary
/// stays NativeAOT friendly. No .NET binding of augeas exists.
/// </summary>
internal static partial class AugeasNative
{
    public const string Library = "libaugeas.so.0";

    public const uint NoStdInclude = 8;
    public const uint NoLoad = 32;
    public const uint NoModuleAutoload = 64;
    public const uint NoErrorClose = 256;

    /// <summary>aug_error's code for a path that matches several nodes where one was expected.</summary>
    public const int ErrorTooManyMatches = 5;

    [LibraryImport(Library, EntryPoint = "aug_init", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint Init(string root, string? loadPath, uint flags);

    [LibraryImport(Library, EntryPoint = "aug_close")]
    public static partial void Close(nint augeas);

    /// <summary>1 for one match (value set, possibly null), 0 for none, -1 for several or an error.</summary>
    [LibraryImport(Library, EntryPoint = "aug_get", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Get(nint augeas, string path, out nint value);

    [LibraryImport(Library, EntryPoint = "aug_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Set(nint augeas, string path, string? value);

    [LibraryImport(Library, EntryPoint = "aug_load")]
    public static partial int Load(nint augeas);

    [LibraryImport(Library, EntryPoint = "aug_load_file", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LoadFile(nint augeas, string file);

    [LibraryImport(Library, EntryPoint = "aug_save")]
    public static partial int Save(nint augeas);

    [LibraryImport(Library, EntryPoint = "aug_error")]
    public static partial int Error(nint augeas);

    [LibraryImport(Library, EntryPoint = "aug_error_message")]
    public static partial nint ErrorMessage(nint augeas);

    [LibraryImport(Library, EntryPoint = "aug_error_minor_message")]
    public static partial nint ErrorMinorMessage(nint augeas);

    [LibraryImport(Library, EntryPoint = "aug_error_details")]
    public static partial nint ErrorDetails(nint augeas);

    [LibraryImport(Library, EntryPoint = "aug_match", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Match(nint augeas, string path, out nint matches);

    [LibraryImport("libc", EntryPoint = "free")]
    public static partial void Free(nint pointer);
}
