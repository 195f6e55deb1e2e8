namespace Mgmt.Platform.Libvirt;

/// <summary>The run state of a domain, as libvirt reports it (<c>virDomainState</c>; the values are libvirt's).</summary>
public enum DomainState
{
    NoState = 0,
    Running = 1,
    /// <summary>Running, but waiting on a resource (some hypervisors report an idle guest this way).</summary>
    Blocked = 2,
    Paused = 3,
    /// <summary>Being shut down: still active until it reaches <see cref="Shutoff"/>.</summary>
    ShuttingDown = 4,
    Shutoff = 5,
    Crashed = 6,
    /// <summary>Suspended by the guest's power management.</summary>
    PMSuspended = 7,
}

/// <summary>A snapshot of a domain's state and size (<c>virDomainGetInfo</c>).</summary>
/// <param name="State">The run state.</param>
/// <param name="MaxMemoryKiB">The most memory the domain may be given, in KiB.</param>
/// <param name="MemoryKiB">The memory it has now, in KiB (the configured amount when it is not running).</param>
/// <param name="VirtualCpus">Its vCPU count now (the configured count when it is not running).</param>
public readonly record struct DomainInfo(DomainState State, ulong MaxMemoryKiB, ulong MemoryKiB, uint VirtualCpus)
{
    /// <summary>True for the states in which the domain exists as a running process (anything but shut off).</summary>
    public bool IsActive => State is not (DomainState.Shutoff or DomainState.NoState);
}
