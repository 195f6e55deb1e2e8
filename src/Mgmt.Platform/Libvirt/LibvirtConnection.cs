using System.Runtime.InteropServices;

namespace Mgmt.Platform.Libvirt;

/// <summary>
/// An open connection to a hypervisor (<c>qemu:///system</c>, <c>test:///default</c>, ...), with its domain events
/// already registered: <see cref="Subscribe"/> hears the lifecycle and guest-agent events of one domain, and every
/// subscriber hears when the connection is lost. Methods that talk to libvirt block: run them through
/// <see cref="LibvirtWork"/>. Usually obtained from a <see cref="LibvirtConnectionPool"/>, which shares one connection
/// per URI in the process.
/// </summary>
public sealed class LibvirtConnection : IDisposable
{
    private readonly ConnectionHandle _handle;
    private readonly DomainEventRouter _router;
    private readonly DomainEventRouter _networks;
    private readonly List<int> _callbacks;
    private readonly List<int> _networkCallbacks;
    private readonly bool _closeCallback;
    private readonly Lock _gate = new();
    private string? _capabilities;
    private int _disposed;

    private LibvirtConnection(string uri, ConnectionHandle handle, DomainEventRouter router, DomainEventRouter networks, List<int> callbacks, List<int> networkCallbacks, bool closeCallback, ulong version)
    {
        Uri = uri;
        _handle = handle;
        _router = router;
        _networks = networks;
        _networkCallbacks = networkCallbacks;
        _callbacks = callbacks;
        _closeCallback = closeCallback;
        LibraryVersion = version;
    }

    /// <summary>The URI it was opened with (empty: libvirt's default).</summary>
    public string Uri { get; }

    /// <summary>libvirt's version as major * 1,000,000 + minor * 1,000 + release.</summary>
    public ulong LibraryVersion { get; }

    /// <summary>True once libvirt reported the connection closed under us (for example the daemon stopped).</summary>
    public bool IsLost => _router.IsLost || Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Opens a connection (blocking). Starts libvirt's event loop first if needed. Throws
    /// <see cref="LibvirtUnavailableException"/> when libvirt is not installed, <see cref="LibvirtException"/> when the
    /// hypervisor cannot be reached or refuses the credentials.
    /// </summary>
    public static unsafe LibvirtConnection Open(string uri, LibvirtCredentials? credentials = null)
    {
        LibvirtRuntime.EnsureStarted();
        var target = uri.Length == 0 ? null : uri;
        var handle = credentials is null ? LibvirtNative.virConnectOpen(target) : credentials.Open(target);
        var shown = uri.Length == 0 ? "libvirt's default hypervisor" : $"'{uri}'";
        if (handle.IsInvalid)
        {
            var error = LibvirtException.FromLastError($"cannot connect to {shown}");
            handle.Dispose();
            throw error;
        }
        var router = new DomainEventRouter();
        var networks = new DomainEventRouter();
        var callbacks = new List<int>();
        var networkCallbacks = new List<int>();
        try
        {
            ulong version = 0;
            if (LibvirtNative.virConnectGetLibVersion(handle, &version) < 0) LibvirtNative.virResetLastError();
            var lifecycle = LibvirtNative.virConnectDomainEventRegisterAny(handle, 0, LibvirtNative.EventIdLifecycle,
                (delegate* unmanaged[Cdecl]<nint, nint, int, int, void*, int>)&DomainEventRouter.OnLifecycle, router.NewHandle(), &DomainEventRouter.FreeHandle);
            if (lifecycle < 0) throw LibvirtException.FromLastError($"cannot watch the domain events of {shown}");
            callbacks.Add(lifecycle);
            // Guest agent events only matter for guests that run one; a driver without them is fine.
            var agent = LibvirtNative.virConnectDomainEventRegisterAny(handle, 0, LibvirtNative.EventIdAgentLifecycle,
                (delegate* unmanaged[Cdecl]<nint, nint, int, int, void*, void>)&DomainEventRouter.OnAgentLifecycle, router.NewHandle(), &DomainEventRouter.FreeHandle);
            if (agent >= 0) callbacks.Add(agent);
            else LibvirtNative.virResetLastError();
            // Network events are optional too: a driver without networks still runs domains.
            var network = LibvirtNative.virConnectNetworkEventRegisterAny(handle, 0, LibvirtNative.EventIdNetworkLifecycle,
                (delegate* unmanaged[Cdecl]<nint, nint, int, int, void*, void>)&DomainEventRouter.OnNetworkLifecycle, networks.NewHandle(), &DomainEventRouter.FreeHandle);
            if (network >= 0) networkCallbacks.Add(network);
            else LibvirtNative.virResetLastError();
            // Only connections to a daemon can be lost; local drivers (test://) may refuse the close callback.
            var close = LibvirtNative.virConnectRegisterCloseCallback(handle, &DomainEventRouter.OnClose, router.NewHandle(), &DomainEventRouter.FreeHandle) >= 0;
            if (!close) LibvirtNative.virResetLastError();
            return new LibvirtConnection(uri, handle, router, networks, callbacks, networkCallbacks, close, version);
        }
        catch
        {
            foreach (var id in callbacks) LibvirtNative.virConnectDomainEventDeregisterAny(handle, id);
            foreach (var id in networkCallbacks) LibvirtNative.virConnectNetworkEventDeregisterAny(handle, id);
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The domain named <paramref name="name"/>, or null when there is none.</summary>
    public LibvirtDomain? LookupDomain(string name)
    {
        var handle = LibvirtNative.virDomainLookupByName(_handle, name);
        if (!handle.IsInvalid) return new LibvirtDomain(handle, name);
        var error = LibvirtException.FromLastError($"cannot look up domain '{name}' on {Shown}");
        handle.Dispose();
        if (error.IsNoDomain) return null;
        throw error;
    }

    /// <summary>Stores a persistent definition (new, or replacing the one of the same name); it does not start it.</summary>
    public LibvirtDomain DefineDomain(string xml) =>
        LibvirtDomain.Wrap(LibvirtNative.virDomainDefineXML(_handle, xml), $"cannot define a domain on {Shown}");

    /// <summary>Creates and starts a transient domain (it disappears when it stops).</summary>
    public LibvirtDomain CreateTransientDomain(string xml, bool paused = false) =>
        LibvirtDomain.Wrap(LibvirtNative.virDomainCreateXML(_handle, xml, paused ? LibvirtNative.DomainStartPaused : 0),
            $"cannot create a transient domain on {Shown}");

    /// <summary>The hypervisor's capabilities XML (guest types, architectures, domain types); read once and kept.</summary>
    public unsafe string GetCapabilities()
    {
        lock (_gate)
        {
            return _capabilities ??= LibvirtNative.TakeString(LibvirtNative.virConnectGetCapabilities(_handle))
                ?? throw LibvirtException.FromLastError($"cannot read the capabilities of {Shown}");
        }
    }

    /// <summary>
    /// Calls <paramref name="handler"/> (on libvirt's event thread; it must be quick and must not block) for every
    /// event of the domain named <paramref name="domain"/>, and for the loss of the connection. Disposing the result
    /// stops it. Does not talk to libvirt.
    /// </summary>
    public IDisposable Subscribe(string domain, Action<DomainEvent> handler) => _router.Subscribe(domain, handler);

    /// <summary>The network named <paramref name="name"/>, or null when there is none.</summary>
    public LibvirtNetwork? LookupNetwork(string name)
    {
        var handle = LibvirtNative.virNetworkLookupByName(_handle, name);
        if (!handle.IsInvalid) return new LibvirtNetwork(handle, name);
        var error = LibvirtException.FromLastError($"cannot look up network '{name}' on {Shown}");
        handle.Dispose();
        if (error.IsNoNetwork) return null;
        throw error;
    }

    /// <summary>Stores a persistent network definition (new, or replacing the one of the same name); it does not start it.</summary>
    public LibvirtNetwork DefineNetwork(string xml) =>
        LibvirtNetwork.Wrap(LibvirtNative.virNetworkDefineXML(_handle, xml), $"cannot define a network on {Shown}");

    /// <summary>Creates and starts a transient network (it disappears when it stops).</summary>
    public LibvirtNetwork CreateTransientNetwork(string xml) =>
        LibvirtNetwork.Wrap(LibvirtNative.virNetworkCreateXML(_handle, xml), $"cannot create a transient network on {Shown}");

    /// <summary>
    /// Calls <paramref name="handler"/> (on libvirt's event thread; quick, never blocking) for every lifecycle event of
    /// the network named <paramref name="network"/>, and when the connection is lost. Disposing the result stops it.
    /// </summary>
    public IDisposable SubscribeNetwork(string network, Action<DomainEvent> handler)
    {
        var events = _networks.Subscribe(network, handler);
        // The loss of the connection is announced by the domain router, to every subscriber of any name.
        var loss = _router.Subscribe("\0network:" + network, e =>
        {
            if (e.Kind == DomainEventKind.ConnectionLost) handler(e);
        });
        return new Both(events, loss);
    }

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }

    private string Shown => Uri.Length == 0 ? "libvirt's default hypervisor" : $"'{Uri}'";

    /// <summary>Stops the events and closes the connection (blocking).</summary>
    public unsafe void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (var id in _callbacks)
        {
            if (LibvirtNative.virConnectDomainEventDeregisterAny(_handle, id) < 0) LibvirtNative.virResetLastError();
        }
        foreach (var id in _networkCallbacks)
        {
            if (LibvirtNative.virConnectNetworkEventDeregisterAny(_handle, id) < 0) LibvirtNative.virResetLastError();
        }
        if (_closeCallback && LibvirtNative.virConnectUnregisterCloseCallback(_handle, &DomainEventRouter.OnClose) < 0)
        {
            LibvirtNative.virResetLastError();
        }
        _handle.Dispose();
    }

    public override string ToString() => Shown;
}
