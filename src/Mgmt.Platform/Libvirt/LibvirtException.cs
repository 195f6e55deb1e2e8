using System.Runtime.InteropServices;

namespace Mgmt.Platform.Libvirt;

/// <summary>
/// A libvirt call failed. The message names what mgmt was doing and libvirt's own explanation
/// (<c>cannot start domain 'web1': Requested operation is not valid: domain is already running</c>), so it can be
/// shown to a user as is.
/// </summary>
public class LibvirtException : IOException
{
    public LibvirtException(string message, int code = 0, int errorDomain = 0)
        : base(message)
    {
        Code = code;
        ErrorDomain = errorDomain;
    }

    /// <summary>libvirt's error number (<c>virErrorNumber</c>); 0 when libvirt gave none.</summary>
    public int Code { get; }

    /// <summary>The part of libvirt that raised it (<c>virErrorDomain</c>).</summary>
    public int ErrorDomain { get; }

    /// <summary>The domain does not exist (<c>VIR_ERR_NO_DOMAIN</c>).</summary>
    public bool IsNoDomain => Code == 42;

    /// <summary>True when the error says the network does not exist.</summary>
    public bool IsNoNetwork => Code == LibvirtNative.NoNetworkError;

    /// <summary>
    /// The driver rejected the call's flags or does not implement it (<c>VIR_ERR_INVALID_ARG</c>,
    /// <c>VIR_ERR_NO_SUPPORT</c>); callers use it to fall back to a plainer form of the call.
    /// </summary>
    public bool IsUnsupported => Code is 3 or 8;

    /// <summary>
    /// Builds the exception for the call that just failed on this thread, from <c>virGetLastError</c>, and clears
    /// that error. Must run on the thread of the failed call, with no other libvirt call in between.
    /// </summary>
    internal static unsafe LibvirtException FromLastError(string doing)
    {
        var error = LibvirtNative.virGetLastError();
        if (error is null) return new LibvirtException($"{doing}: libvirt gave no reason");
        var reason = error->Message is null ? "libvirt gave no reason" : Marshal.PtrToStringUTF8((nint)error->Message) ?? "";
        var exception = new LibvirtException($"{doing}: {reason}", error->Code, error->Domain);
        LibvirtNative.virResetLastError();
        return exception;
    }
}

/// <summary>
/// libvirt cannot be used on this machine: the library is not installed, or it failed to initialize. The message
/// says what to install.
/// </summary>
public sealed class LibvirtUnavailableException(string message) : LibvirtException(message);
