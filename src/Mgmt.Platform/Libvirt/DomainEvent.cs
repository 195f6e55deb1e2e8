namespace Mgmt.Platform.Libvirt;

/// <summary>What happened to a domain (<c>virDomainEventType</c>; the values are libvirt's).</summary>
public enum DomainEventKind
{
    Defined = 0,
    Undefined = 1,
    Started = 2,
    Suspended = 3,
    Resumed = 4,
    Stopped = 5,
    Shutdown = 6,
    PMSuspended = 7,
    Crashed = 8,

    /// <summary>The guest agent inside the domain connected or disconnected (see <see cref="DomainEvent.AgentConnected"/>).</summary>
    AgentLifecycle = 100,

    /// <summary>
    /// Not about one domain: the connection itself was lost (the daemon went away). Sent to every subscriber of the
    /// connection; the connection is unusable from then on.
    /// </summary>
    ConnectionLost = 101,

    /// <summary>
    /// Something happened to a network (it was defined, undefined, started or stopped; libvirt's
    /// <c>virNetworkEventLifecycleType</c> is in the detail). The name field holds the network's name.
    /// </summary>
    NetworkLifecycle = 102,
}

/// <summary>One event about a domain, delivered on libvirt's event thread.</summary>
/// <param name="Domain">The domain's name (empty for <see cref="DomainEventKind.ConnectionLost"/>).</param>
/// <param name="Kind">What happened.</param>
/// <param name="Detail">libvirt's detail code for the kind (for example why a domain stopped).</param>
public readonly record struct DomainEvent(string Domain, DomainEventKind Kind, int Detail)
{
    /// <summary>For <see cref="DomainEventKind.AgentLifecycle"/>: true when the guest agent connected.</summary>
    public bool AgentConnected => Kind == DomainEventKind.AgentLifecycle && Detail == 1;
}
