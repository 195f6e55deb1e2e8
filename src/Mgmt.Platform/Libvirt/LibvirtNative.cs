using System.Runtime.InteropServices;

namespace Mgmt.Platform.Libvirt;

/// <summary>
/// The libvirt C API calls mgmt uses, bound with source-generated marshalling and function pointers for the
/// callbacks, so the binary stays NativeAOT friendly. No .NET binding of libvirt exists; this is the whole surface.
/// </summary>
/// <remarks>
/// Every call here may block (a remote hypervisor answers over a socket), so callers run them on dedicated threads
/// (see <see cref="LibvirtWork"/>). Errors are reported through <c>virGetLastError</c>, which is per thread: read
/// it on the thread of the failed call, right after it (see <see cref="LibvirtException.FromLastError"/>).
/// </remarks>
internal static unsafe partial class LibvirtNative
{
    /// <summary>The soname of the library, as installed by Debian's <c>libvirt0</c>.</summary>
    public const string Library = "libvirt.so.0";

    public const int EventIdLifecycle = 0;
    public const int EventIdAgentLifecycle = 18;

    public const uint DomainStartPaused = 1;
    public const uint DomainXmlInactive = 1 << 1;

    public const uint AffectLive = 1;
    public const uint AffectConfig = 1 << 1;
    public const uint VcpuMaximum = 1 << 2;
    public const uint VcpuGuest = 1 << 3;
    public const uint VcpuHotpluggable = 1 << 4;
    public const uint MemMaximum = 1 << 2;

    public const int CredAuthName = 2;
    public const int CredPassphrase = 5;

    [StructLayout(LayoutKind.Sequential)]
    public struct VirDomainInfo
    {
        public byte State;
        public CULong MaxMem;
        public CULong Memory;
        public ushort NrVirtCpu;
        public ulong CpuTime;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct VirError
    {
        public int Code;
        public int Domain;
        public byte* Message;
        public int Level;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct VirConnectCredential
    {
        public int Type;
        public byte* Prompt;
        public byte* Challenge;
        public byte* DefResult;
        public byte* Result;
        public uint ResultLen;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct VirConnectAuth
    {
        public int* CredType;
        public uint NCredType;
        public delegate* unmanaged[Cdecl]<VirConnectCredential*, uint, void*, int> Callback;
        public void* CallbackData;
    }

    // --- library, errors and the event loop ---

    [LibraryImport(Library)]
    public static partial int virInitialize();

    [LibraryImport(Library)]
    public static partial VirError* virGetLastError();

    [LibraryImport(Library)]
    public static partial void virResetLastError();

    [LibraryImport(Library)]
    public static partial void virSetErrorFunc(void* userData, delegate* unmanaged[Cdecl]<void*, VirError*, void> handler);

    [LibraryImport(Library)]
    public static partial int virEventRegisterDefaultImpl();

    [LibraryImport(Library)]
    public static partial int virEventRunDefaultImpl();

    // --- connections ---

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial ConnectionHandle virConnectOpen(string? name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial ConnectionHandle virConnectOpenAuth(string? name, VirConnectAuth* auth, uint flags);

    [LibraryImport(Library)]
    public static partial int virConnectClose(nint conn);

    [LibraryImport(Library)]
    public static partial int virConnectGetLibVersion(ConnectionHandle conn, ulong* version);

    [LibraryImport(Library)]
    public static partial byte* virConnectGetCapabilities(ConnectionHandle conn);

    [LibraryImport(Library)]
    public static partial int virConnectIsAlive(ConnectionHandle conn);

    [LibraryImport(Library)]
    public static partial int virConnectRegisterCloseCallback(ConnectionHandle conn, delegate* unmanaged[Cdecl]<nint, int, void*, void> callback, void* opaque, delegate* unmanaged[Cdecl]<void*, void> free);

    [LibraryImport(Library)]
    public static partial int virConnectUnregisterCloseCallback(ConnectionHandle conn, delegate* unmanaged[Cdecl]<nint, int, void*, void> callback);

    [LibraryImport(Library)]
    public static partial int virConnectDomainEventRegisterAny(ConnectionHandle conn, nint domain, int eventId, void* callback, void* opaque, delegate* unmanaged[Cdecl]<void*, void> free);

    [LibraryImport(Library)]
    public static partial int virConnectDomainEventDeregisterAny(ConnectionHandle conn, int callbackId);

    // --- domains ---

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial DomainHandle virDomainLookupByName(ConnectionHandle conn, string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial DomainHandle virDomainDefineXML(ConnectionHandle conn, string xml);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial DomainHandle virDomainCreateXML(ConnectionHandle conn, string xml, uint flags);

    [LibraryImport(Library)]
    public static partial int virDomainFree(nint dom);

    [LibraryImport(Library)]
    public static partial byte* virDomainGetName(DomainHandle dom);

    /// <summary>The name of a domain libvirt lends to a callback (not owned, not to be freed).</summary>
    [LibraryImport(Library, EntryPoint = "virDomainGetName")]
    public static partial byte* virDomainGetNameOfBorrowed(nint dom);

    [LibraryImport(Library)]
    public static partial int virDomainCreateWithFlags(DomainHandle dom, uint flags);

    [LibraryImport(Library)]
    public static partial int virDomainDestroy(DomainHandle dom);

    [LibraryImport(Library)]
    public static partial int virDomainShutdown(DomainHandle dom);

    [LibraryImport(Library)]
    public static partial int virDomainSuspend(DomainHandle dom);

    [LibraryImport(Library)]
    public static partial int virDomainResume(DomainHandle dom);

    [LibraryImport(Library)]
    public static partial int virDomainUndefine(DomainHandle dom);

    [LibraryImport(Library)]
    public static partial int virDomainGetInfo(DomainHandle dom, VirDomainInfo* info);

    [LibraryImport(Library)]
    public static partial int virDomainIsActive(DomainHandle dom);

    [LibraryImport(Library)]
    public static partial int virDomainIsPersistent(DomainHandle dom);

    [LibraryImport(Library)]
    public static partial int virDomainGetAutostart(DomainHandle dom, int* autostart);

    [LibraryImport(Library)]
    public static partial int virDomainSetAutostart(DomainHandle dom, int autostart);

    [LibraryImport(Library)]
    public static partial int virDomainSetVcpusFlags(DomainHandle dom, uint count, uint flags);

    [LibraryImport(Library)]
    public static partial int virDomainGetVcpusFlags(DomainHandle dom, uint flags);

    [LibraryImport(Library)]
    public static partial int virDomainSetMemoryFlags(DomainHandle dom, CULong memoryKiB, uint flags);

    [LibraryImport(Library)]
    public static partial byte* virDomainGetXMLDesc(DomainHandle dom, uint flags);

    // --- networks ---

    public const int EventIdNetworkLifecycle = 0;
    public const uint NetworkXmlInactive = 1;
    public const int NoNetworkError = 43;

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial NetworkHandle virNetworkLookupByName(ConnectionHandle conn, string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial NetworkHandle virNetworkDefineXML(ConnectionHandle conn, string xml);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial NetworkHandle virNetworkCreateXML(ConnectionHandle conn, string xml);

    [LibraryImport(Library)]
    public static partial int virNetworkFree(nint net);

    [LibraryImport(Library)]
    public static partial byte* virNetworkGetName(NetworkHandle net);

    /// <summary>The name of a network libvirt lends to a callback (not owned, not to be freed).</summary>
    [LibraryImport(Library, EntryPoint = "virNetworkGetName")]
    public static partial byte* virNetworkGetNameOfBorrowed(nint net);

    [LibraryImport(Library)]
    public static partial int virNetworkCreate(NetworkHandle net);

    [LibraryImport(Library)]
    public static partial int virNetworkDestroy(NetworkHandle net);

    [LibraryImport(Library)]
    public static partial int virNetworkUndefine(NetworkHandle net);

    [LibraryImport(Library)]
    public static partial int virNetworkIsActive(NetworkHandle net);

    [LibraryImport(Library)]
    public static partial int virNetworkIsPersistent(NetworkHandle net);

    [LibraryImport(Library)]
    public static partial int virNetworkGetAutostart(NetworkHandle net, int* autostart);

    [LibraryImport(Library)]
    public static partial int virNetworkSetAutostart(NetworkHandle net, int autostart);

    [LibraryImport(Library)]
    public static partial byte* virNetworkGetXMLDesc(NetworkHandle net, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int virNetworkUpdate(NetworkHandle net, uint command, uint section, int parentIndex, string xml, uint flags);

    [LibraryImport(Library)]
    public static partial int virConnectNetworkEventRegisterAny(ConnectionHandle conn, nint net, int eventId, void* callback, void* opaque, delegate* unmanaged[Cdecl]<void*, void> free);

    [LibraryImport(Library)]
    public static partial int virConnectNetworkEventDeregisterAny(ConnectionHandle conn, int callbackId);

    /// <summary>Copies a string libvirt allocated for the caller and frees it; null stays null.</summary>
    public static string? TakeString(byte* text)
    {
        if (text is null) return null;
        try
        {
            return Marshal.PtrToStringUTF8((nint)text);
        }
        finally
        {
            NativeMemory.Free(text);
        }
    }
}
