using System.Runtime.InteropServices;

namespace Mgmt.Platform.Libvirt;

/// <summary>What <see cref="LibvirtNetwork.Update"/> does to a section of a network's XML (<c>virNetworkUpdateCommand</c>).</summary>
public enum NetworkUpdateCommand : uint
{
    Modify = 1,
    Delete = 2,
    AddLast = 3,
}

/// <summary>The part of a network's XML an update changes (<c>virNetworkUpdateSection</c>).</summary>
public enum NetworkSection : uint
{
    DhcpHost = 4,
    DhcpRange = 5,
}

/// <summary>Which definitions an update changes: the running network, the stored one, or both.</summary>
[Flags]
public enum NetworkUpdateTarget : uint
{
    Live = 1,
    Config = 2,
}

/// <summary>
/// One virtual network of a connection. Every method is a blocking libvirt call: run it through
/// <see cref="LibvirtWork"/>. Failures throw <see cref="LibvirtException"/> naming the network and the operation.
/// Disposing releases the reference, not the network.
/// </summary>
public sealed class LibvirtNetwork : IDisposable
{
    private readonly NetworkHandle _handle;

    internal LibvirtNetwork(NetworkHandle handle, string name)
    {
        _handle = handle;
        Name = name;
    }

    public string Name { get; }

    public bool IsActive() => Check(LibvirtNative.virNetworkIsActive(_handle), $"tell whether network '{Name}' is up") == 1;

    public bool IsPersistent() => Check(LibvirtNative.virNetworkIsPersistent(_handle), $"tell whether network '{Name}' is defined") == 1;

    public void Start() => Check(LibvirtNative.virNetworkCreate(_handle), $"start network '{Name}'");

    public void Destroy() => Check(LibvirtNative.virNetworkDestroy(_handle), $"stop network '{Name}'");

    public void Undefine() => Check(LibvirtNative.virNetworkUndefine(_handle), $"undefine network '{Name}'");

    public unsafe bool GetAutostart()
    {
        int value;
        Check(LibvirtNative.virNetworkGetAutostart(_handle, &value), $"read whether network '{Name}' starts at boot");
        return value != 0;
    }

    public void SetAutostart(bool enabled) =>
        Check(LibvirtNative.virNetworkSetAutostart(_handle, enabled ? 1 : 0), $"{(enabled ? "enable" : "disable")} the start at boot of network '{Name}'");

    /// <summary>
    /// The network's XML: the live one, or with <paramref name="inactive"/> the stored definition. A driver that keeps
    /// only one definition (libvirt's test driver refuses the flag) gives that one.
    /// </summary>
    public unsafe string GetXml(bool inactive = false)
    {
        var xml = LibvirtNative.TakeString(LibvirtNative.virNetworkGetXMLDesc(_handle, inactive ? LibvirtNative.NetworkXmlInactive : 0));
        if (xml is not null) return xml;
        var error = LibvirtException.FromLastError($"cannot read the XML of network '{Name}'");
        if (inactive && error.IsUnsupported) return GetXml();
        throw error;
    }

    /// <summary>Adds, changes or deletes one element (a DHCP host or range) in the first IPv4 block, without a restart.</summary>
    public void Update(NetworkUpdateCommand command, NetworkSection section, string xml, NetworkUpdateTarget target) =>
        Check(LibvirtNative.virNetworkUpdate(_handle, (uint)command, (uint)section, -1, xml, (uint)target),
            $"{command.ToString().ToLowerInvariant()} {xml} in network '{Name}'");

    public void Dispose() => _handle.Dispose();

    public override string ToString() => Name;

    private int Check(int result, string doing)
    {
        if (result < 0) throw LibvirtException.FromLastError($"cannot {doing}");
        return result;
    }

    internal static unsafe LibvirtNetwork Wrap(NetworkHandle handle, string doing)
    {
        if (handle.IsInvalid)
        {
            var error = LibvirtException.FromLastError(doing);
            handle.Dispose();
            throw error;
        }
        var name = Marshal.PtrToStringUTF8((nint)LibvirtNative.virNetworkGetName(handle)) ?? "";
        return new LibvirtNetwork(handle, name);
    }
}
