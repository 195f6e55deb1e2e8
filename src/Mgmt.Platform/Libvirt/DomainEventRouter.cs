using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mgmt.Platform.Libvirt;

/// <summary>
/// Fans the events of one connection out to the subscribers of each domain. libvirt calls the static callbacks
/// here on its event thread, with a <see cref="GCHandle"/> to the router as the opaque pointer; libvirt frees each
/// handle through <see cref="FreeHandle"/> once it will no longer call back with it.
/// </summary>
internal sealed unsafe class DomainEventRouter
{
    private readonly Lock _gate = new();
    private ImmutableDictionary<string, ImmutableArray<Action<DomainEvent>>> _byDomain =
        ImmutableDictionary<string, ImmutableArray<Action<DomainEvent>>>.Empty.WithComparers(StringComparer.Ordinal);
    private volatile bool _lost;

    /// <summary>True once the connection was reported lost.</summary>
    public bool IsLost => _lost;

    /// <summary>Adds a handler of <paramref name="domain"/>'s events; disposing the result removes it.</summary>
    public IDisposable Subscribe(string domain, Action<DomainEvent> handler)
    {
        lock (_gate)
        {
            var list = _byDomain.GetValueOrDefault(domain, []);
            _byDomain = _byDomain.SetItem(domain, list.Add(handler));
        }
        // A subscriber that arrives after the loss hears about it at once, so it never waits in vain.
        if (_lost) Deliver(handler, new DomainEvent("", DomainEventKind.ConnectionLost, 0));
        return new Subscription(this, domain, handler);
    }

    /// <summary>Delivers an event to the handlers of its domain.</summary>
    public void Dispatch(DomainEvent e)
    {
        if (_byDomain.TryGetValue(e.Domain, out var handlers))
        {
            foreach (var handler in handlers) Deliver(handler, e);
        }
    }

    /// <summary>Marks the connection lost and tells every subscriber.</summary>
    public void Lose(int reason)
    {
        _lost = true;
        var lost = new DomainEvent("", DomainEventKind.ConnectionLost, reason);
        foreach (var handlers in _byDomain.Values)
        {
            foreach (var handler in handlers) Deliver(handler, lost);
        }
    }

    private void Unsubscribe(string domain, Action<DomainEvent> handler)
    {
        lock (_gate)
        {
            if (!_byDomain.TryGetValue(domain, out var list)) return;
            list = list.Remove(handler);
            _byDomain = list.IsEmpty ? _byDomain.Remove(domain) : _byDomain.SetItem(domain, list);
        }
    }

    // Handlers run on libvirt's event thread; one that throws must not take the others (or the process) down.
    private static void Deliver(Action<DomainEvent> handler, DomainEvent e)
    {
        try
        {
            handler(e);
        }
        catch (Exception)
        {
            // The subscriber's own bug; the event loop must survive it.
        }
    }

    /// <summary>A new handle for one registration with libvirt (each registration frees its own).</summary>
    public void* NewHandle() => (void*)GCHandle.ToIntPtr(GCHandle.Alloc(this));

    private static DomainEventRouter? From(void* opaque) => GCHandle.FromIntPtr((nint)opaque).Target as DomainEventRouter;

    private static string NameOf(nint domain)
    {
        return Marshal.PtrToStringUTF8((nint)LibvirtNative.virDomainGetNameOfBorrowed(domain)) ?? "";
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int OnLifecycle(nint connection, nint domain, int kind, int detail, void* opaque)
    {
        try
        {
            From(opaque)?.Dispatch(new DomainEvent(NameOf(domain), (DomainEventKind)kind, detail));
        }
        catch (Exception)
        {
            // Nothing may unwind into libvirt.
        }
        return 0;
    }

    /// <summary>The lifecycle callback of networks (defined, undefined, started, stopped), routed by network name.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void OnNetworkLifecycle(nint connection, nint network, int kind, int detail, void* opaque)
    {
        try
        {
            var name = Marshal.PtrToStringUTF8((nint)LibvirtNative.virNetworkGetNameOfBorrowed(network)) ?? "";
            From(opaque)?.Dispatch(new DomainEvent(name, DomainEventKind.NetworkLifecycle, kind));
        }
        catch (Exception)
        {
            // Nothing may unwind into libvirt.
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void OnAgentLifecycle(nint connection, nint domain, int state, int reason, void* opaque)
    {
        try
        {
            From(opaque)?.Dispatch(new DomainEvent(NameOf(domain), DomainEventKind.AgentLifecycle, state));
        }
        catch (Exception)
        {
            // Nothing may unwind into libvirt.
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void OnClose(nint connection, int reason, void* opaque)
    {
        try
        {
            From(opaque)?.Lose(reason);
        }
        catch (Exception)
        {
            // Nothing may unwind into libvirt.
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void FreeHandle(void* opaque)
    {
        try
        {
            GCHandle.FromIntPtr((nint)opaque).Free();
        }
        catch (Exception)
        {
            // Nothing may unwind into libvirt.
        }
    }

    private sealed class Subscription(DomainEventRouter router, string domain, Action<DomainEvent> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) router.Unsubscribe(domain, handler);
        }
    }
}
