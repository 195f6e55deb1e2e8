namespace Mgmt.Platform.Libvirt;

/// <summary>Which vCPU figure a call reads or changes (<c>virDomainVcpuFlags</c>; the values are libvirt's).</summary>
[Flags]
public enum VcpuFlags : uint
{
    /// <summary>The live figure of a running domain, the configured one otherwise.</summary>
    Current = 0,
    Live = LibvirtNative.AffectLive,
    Config = LibvirtNative.AffectConfig,
    /// <summary>The number of vCPU slots rather than the number in use.</summary>
    Maximum = LibvirtNative.VcpuMaximum,
    /// <summary>The vCPUs the guest has online, through the guest agent.</summary>
    Guest = LibvirtNative.VcpuGuest,
    /// <summary>Added vCPUs may be unplugged again later (not every driver accepts it).</summary>
    Hotpluggable = LibvirtNative.VcpuHotpluggable,
}

/// <summary>Which memory figure a call changes (<c>virDomainMemoryModFlags</c>; the values are libvirt's).</summary>
[Flags]
public enum MemoryFlags : uint
{
    Current = 0,
    Live = LibvirtNative.AffectLive,
    Config = LibvirtNative.AffectConfig,
    /// <summary>The most memory the domain may have rather than what it has.</summary>
    Maximum = LibvirtNative.MemMaximum,
}
