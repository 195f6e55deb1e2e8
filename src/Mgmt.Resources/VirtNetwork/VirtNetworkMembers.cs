using System.Net;
using Mgmt.Engine.Resources;

namespace Mgmt.Resources;

/// <summary>
/// <c>virt:network:host</c>: a static DHCP lease in a <c>virt:network</c>: the machine with <see cref="Mac"/> always
/// gets <see cref="Ip"/> and the host name <see cref="Hostname"/> (or the resource's name). It works only grouped
/// into its network, which applies it. See docs/resources/virt-network.md.
/// </summary>
[ResourceKind("virt:network:host")]
public sealed class VirtNetworkHostResource : Resource, IGroupable
{
    /// <summary>The virt:network to join; empty joins the only one.</summary>
    [Param("network")]
    public string Network { get; set; } = "";

    /// <summary>The host name handed out; empty is the resource's name.</summary>
    [Param("hostname")]
    public string Hostname { get; set; } = "";

    /// <summary>The machine's MAC address, lower case with colons.</summary>
    [Param("mac")]
    public string Mac { get; set; } = "";

    /// <summary>The IPv4 address the machine gets; it must lie in the network's subnet.</summary>
    [Param("ip")]
    public string Ip { get; set; } = "";

    internal string EffectiveHostname => Hostname.Length > 0 ? Hostname : Name;

    internal DhcpHostEntry Entry => new(Mac, EffectiveHostname, Ip);

    public override void Validate()
    {
        if (VirtNetworkResource.CanonicalMac(Mac) != Mac) throw new ResourceValidationException($"mac '{Mac}' must be six lower-case hex pairs separated by colons");
        if (!IPAddress.TryParse(Ip, out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            throw new ResourceValidationException($"ip '{Ip}' is not an IPv4 address");
        }
        if (EffectiveHostname.Length == 0 || EffectiveHostname.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.')))
        {
            throw new ResourceValidationException($"hostname '{EffectiveHostname}' is not a host name (letters, digits, '-' and '.')");
        }
    }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel) =>
        GroupParent is VirtNetworkResource ? Task.FromResult(true) : throw VirtNetworkResource.NotGrouped(this, Network);

    public bool CanGroupWith(Resource other) => false;
}

/// <summary>
/// <c>virt:network:range</c>: a dynamic DHCP pool in a <c>virt:network</c>, from <see cref="Start"/> to
/// <see cref="End"/>. It works only grouped into its network, which applies it.
/// </summary>
[ResourceKind("virt:network:range")]
public sealed class VirtNetworkRangeResource : Resource, IGroupable
{
    /// <summary>The virt:network to join; empty joins the only one.</summary>
    [Param("network")]
    public string Network { get; set; } = "";

    /// <summary>The first address of the pool.</summary>
    [Param("start")]
    public string Start { get; set; } = "";

    /// <summary>The last address of the pool.</summary>
    [Param("end")]
    public string End { get; set; } = "";

    internal DhcpRangeEntry Entry => new(Start, End);

    public override void Validate()
    {
        if (!IPAddress.TryParse(Start, out var start) || start.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork) throw new ResourceValidationException($"start '{Start}' is not an IPv4 address");
        if (!IPAddress.TryParse(End, out var end) || end.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork) throw new ResourceValidationException($"end '{End}' is not an IPv4 address");
        if (Order(start) > Order(end)) throw new ResourceValidationException($"the range starts at {Start}, after its end {End}");
    }

    internal static uint Order(IPAddress a) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(a.GetAddressBytes());

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel) =>
        GroupParent is VirtNetworkResource ? Task.FromResult(true) : throw VirtNetworkResource.NotGrouped(this, Network);

    public bool CanGroupWith(Resource other) => false;
}
