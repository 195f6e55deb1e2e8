using Microsoft.Win32.SafeHandles;

namespace Mgmt.Platform.Libvirt;

/// <summary>An open <c>virConnectPtr</c>; releasing it closes the connection (<c>virConnectClose</c>).</summary>
internal sealed class ConnectionHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public ConnectionHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => LibvirtNative.virConnectClose(handle) >= 0;
}

/// <summary>A <c>virDomainPtr</c> reference; releasing it frees the reference, not the domain (<c>virDomainFree</c>).</summary>
internal sealed class DomainHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DomainHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => LibvirtNative.virDomainFree(handle) >= 0;
}

/// <summary>A <c>virNetworkPtr</c> reference; releasing it frees the reference, not the network (<c>virNetworkFree</c>).</summary>
internal sealed class NetworkHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public NetworkHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => LibvirtNative.virNetworkFree(handle) >= 0;
}
