using System.Net;
using System.Net.NetworkInformation;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Mgmt.Platform.Libvirt;

namespace Mgmt.Resources;

/// <summary>
/// <c>virt:network</c>: a libvirt virtual network (a NAT bridge with DHCP), named by the resource: defined or transient,
/// up or down, started at boot or not, with its bridge device, MAC and IPv4 address. The <c>virt:network:host</c>
/// (static leases) and <c>virt:network:range</c> (dynamic pools) resources grouped into it are its DHCP entries,
/// changed in place without restarting the network. See docs/resources/virt-network.md.
/// </summary>
[ResourceKind("virt:network")]
public sealed partial class VirtNetworkResource : Resource, IGroupable, IEdgeable
{
    public const string Up = "up";
    public const string Down = "down";
    public const string DefaultDevice = "virbr0";
    public const string DefaultMode = "nat";

    /// <summary>The libvirt connection URI, such as <c>qemu:///system</c>; empty means libvirt's default.</summary>
    [Param("uri")]
    public string Uri { get; set; } = "";

    /// <summary><c>up</c>, <c>down</c>, or empty to leave it as it is.</summary>
    [Param("state")]
    public string State { get; set; } = "";

    /// <summary>True: the network has no stored definition (transient and down means it must not exist).</summary>
    [Param("transient")]
    public bool Transient { get; set; }

    /// <summary><c>enabled</c> or <c>disabled</c>: whether libvirt starts it at boot; empty leaves it.</summary>
    [Param("startup")]
    public string Startup { get; set; } = "";

    /// <summary>The network's UUID; empty lets libvirt choose one.</summary>
    [Param("uuid")]
    public string Uuid { get; set; } = "";

    /// <summary>The bridge device; <c>virbr0</c> when empty.</summary>
    [Param("device")]
    public string Device { get; set; } = "";

    /// <summary>The forward mode; only <c>nat</c> (the default) is supported.</summary>
    [Param("mode")]
    public string Mode { get; set; } = "";

    /// <summary>The bridge's MAC address, lower case with colons.</summary>
    [Param("mac")]
    public string Mac { get; set; } = "";

    /// <summary>The bridge's (the router's) IPv4 address with its prefix, such as <c>192.168.100.1/24</c>.</summary>
    [Param("ip")]
    public string Ip { get; set; } = "";

    /// <summary>Remove DHCP hosts that no grouped <c>virt:network:host</c> declares.</summary>
    [Param("purge_hosts")]
    public bool PurgeHosts { get; set; }

    /// <summary>Remove DHCP ranges that no grouped <c>virt:network:range</c> declares.</summary>
    [Param("purge_ranges")]
    public bool PurgeRanges { get; set; }

    /// <summary>Credentials for hypervisors that ask for them: <c>struct{username str; password str}</c>.</summary>
    [Param("auth", Type = "struct{username str; password str}")]
    public Value? Auth { get; set; }

    internal string EffectiveDevice => Device.Length > 0 ? Device : DefaultDevice;

    internal string EffectiveMode => Mode.Length > 0 ? Mode : DefaultMode;

    /// <summary>True when the network must not exist at all.</summary>
    internal bool Absent => Transient && State == Down;

    internal LibvirtCredentials? Credentials =>
        Auth is StructValue auth ? new LibvirtCredentials(auth["username"].AsStr(), auth["password"].AsStr()) : null;

    public override void Validate()
    {
        if (Name.Length == 0) throw new ResourceValidationException("the name is empty: it is the name of the network");
        if (State is not ("" or Up or Down)) throw new ResourceValidationException($"state '{State}' is not one of up, down (or empty to leave it)");
        if (Startup is not ("" or "enabled" or "disabled")) throw new ResourceValidationException($"startup '{Startup}' is not one of enabled, disabled (or empty to leave it)");
        if (Transient && Startup.Length > 0) throw new ResourceValidationException("a transient network cannot start at boot: drop startup, or make it not transient");
        if (Uuid.Length > 0 && !Guid.TryParse(Uuid, out _)) throw new ResourceValidationException($"uuid '{Uuid}' is not a UUID");
        if (EffectiveMode != DefaultMode) throw new ResourceValidationException($"mode '{Mode}' is not supported; only nat is");
        if (Auth is StructValue auth && auth["username"].AsStr().Length == 0) throw new ResourceValidationException("auth needs a username (or leave auth out)");
        if (Absent) return; // nothing to define
        if (Mac.Length == 0) throw new ResourceValidationException("mac is empty: give the bridge's MAC address, such as 52:54:00:12:34:56");
        if (CanonicalMac(Mac) != Mac) throw new ResourceValidationException($"mac '{Mac}' must be six lower-case hex pairs separated by colons");
        if (Ip.Length == 0) throw new ResourceValidationException("ip is empty: give the bridge's IPv4 address with its prefix, such as 192.168.100.1/24");
        _ = Subnet(Ip);
    }

    /// <summary>The address and prefix of <paramref name="cidr"/>; only IPv4.</summary>
    internal static (IPAddress Address, int Prefix) Subnet(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(cidr[..slash], out var address) || !int.TryParse(cidr[(slash + 1)..], out var prefix) || prefix is < 1 or > 32)
        {
            throw new ResourceValidationException($"ip '{cidr}' is not an IPv4 address with a prefix, such as 192.168.100.1/24");
        }
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork) throw new ResourceValidationException($"ip '{cidr}': only IPv4 is supported");
        return (address, prefix);
    }

    /// <summary>The MAC written as six lower-case pairs with colons, or null when it is not a MAC.</summary>
    internal static string? CanonicalMac(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 6 || parts.Any(p => p.Length != 2)) return null;
        try
        {
            return string.Join(':', PhysicalAddress.Parse(text.Replace(':', '-')).GetAddressBytes().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="address"/> lies in the network's subnet.</summary>
    internal bool InSubnet(IPAddress address)
    {
        var (net, prefix) = Subnet(Ip);
        var a = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());
        var n = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(net.GetAddressBytes());
        var mask = prefix == 32 ? uint.MaxValue : ~(uint.MaxValue >> prefix);
        return (a & mask) == (n & mask);
    }

    /// <summary>Takes the virt:network:host and virt:network:range resources meant for this network (or for any).</summary>
    public bool CanGroupWith(Resource other) => other switch
    {
        VirtNetworkHostResource host => host.Network.Length == 0 || host.Network == Name,
        VirtNetworkRangeResource range => range.Network.Length == 0 || range.Network == Name,
        _ => false,
    };

    public IEnumerable<ResourceUid> Uids() => [new ResourceUid(Kind, Name)];

    public IEnumerable<AutoEdgeSeek> AutoEdges() => [];
}
