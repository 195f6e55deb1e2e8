using System.Net;
using Mgmt.Engine.Resources;

namespace Mgmt.Resources;

/// <summary>
/// <c>dhcp:host</c>: a static DHCP assignment: the client with <see cref="Mac"/> always gets <see cref="Ip"/> (whose
/// prefix gives the subnet mask sent) and, with <see cref="Nbp"/>, a network boot program. It works only grouped into
/// a <c>dhcp:server</c>. See docs/resources/dhcp.md.
/// </summary>
[ResourceKind("dhcp:host")]
public sealed class DhcpHostResource : Resource, IGroupable
{
    /// <summary>The dhcp:server to join; empty joins the only one.</summary>
    [Param("server")]
    public string Server { get; set; } = "";

    /// <summary>The client's MAC address, lower case with colons.</summary>
    [Param("mac")]
    public string Mac { get; set; } = "";

    /// <summary>The client's IPv4 address with its prefix, such as <c>192.0.2.42/24</c>.</summary>
    [Param("ip")]
    public string Ip { get; set; } = "";

    /// <summary>The network boot program, <c>tftp://SERVER/PATH</c>; overrides the server's.</summary>
    [Param("nbp")]
    public string Nbp { get; set; } = "";

    /// <summary>The boot file path sent instead of the one in <see cref="Nbp"/> (for paths without a leading slash).</summary>
    [Param("nbp_path")]
    public string NbpPath { get; set; } = "";

    internal (IPAddress Address, int Prefix) Address => DhcpServerResource.ParseCidr(Ip, "ip");

    public override void Validate()
    {
        if (VirtNetworkResource.CanonicalMac(Mac) != Mac) throw new ResourceValidationException($"mac '{Mac}' must be six lower-case hex pairs separated by colons");
        _ = Address;
        DhcpServerResource.ValidateNbp(Nbp);
    }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel) =>
        GroupParent is DhcpServerResource ? Task.FromResult(true) : throw DhcpServerResource.NotGrouped(this, Server);

    public bool CanGroupWith(Resource other) => false;
}

/// <summary>
/// <c>dhcp:range</c>: a pool of addresses a <c>dhcp:server</c> leases to any client: a whole <see cref="Network"/>
/// (its first to its last usable address), or <see cref="From"/> to <see cref="To"/> with a prefix or
/// <see cref="Mask"/>; without any of them, the name is the network. See docs/resources/dhcp.md.
/// </summary>
[ResourceKind("dhcp:range")]
public sealed class DhcpRangeResource : Resource, IGroupable
{
    /// <summary>The dhcp:server to join; empty joins the only one.</summary>
    [Param("server")]
    public string Server { get; set; } = "";

    /// <summary>The network, <c>192.168.42.0/24</c>: every address but the network's own and the broadcast one.</summary>
    [Param("network")]
    public string Network { get; set; } = "";

    /// <summary>The first address of the pool (with a prefix, or with <see cref="Mask"/>).</summary>
    [Param("from")]
    public string From { get; set; } = "";

    /// <summary>The last address of the pool (a broadcast address is never leased).</summary>
    [Param("to")]
    public string To { get; set; } = "";

    /// <summary>The mask for plain <see cref="From"/> and <see cref="To"/>: <c>255.255.255.0</c> or <c>/24</c>.</summary>
    [Param("mask")]
    public string Mask { get; set; } = "";

    /// <summary>Addresses never leased, plain or with a prefix.</summary>
    [Param("skip")]
    public IReadOnlyList<string>? Skip { get; set; }

    /// <summary>Accepted for compatibility; leases are kept in memory (as in the reference, which does not persist them either).</summary>
    [Param("persist")]
    public bool Persist { get; set; }

    /// <summary>The network boot program, <c>tftp://SERVER/PATH</c>; overrides the server's.</summary>
    [Param("nbp")]
    public string Nbp { get; set; } = "";

    /// <summary>The boot file path sent instead of the one in <see cref="Nbp"/>.</summary>
    [Param("nbp_path")]
    public string NbpPath { get; set; } = "";

    /// <summary>The pool: first and last address (as numbers), the prefix, and the addresses to skip.</summary>
    internal (uint First, uint Last, int Prefix, HashSet<uint> Skipped) Pool()
    {
        if (Network.Length > 0 && (From.Length > 0 || To.Length > 0)) throw new ResourceValidationException("give either network or from and to, not both");
        var network = Network.Length > 0 ? Network : From.Length == 0 && To.Length == 0 ? Name : "";
        uint first, last;
        int prefix;
        if (network.Length > 0)
        {
            var (address, p) = DhcpServerResource.ParseCidr(network, "network");
            prefix = p;
            var mask = Mask32(prefix);
            var net = Number(address) & mask;
            (first, last) = prefix >= 31 ? (net, net | ~mask) : (net + 1, (net | ~mask) - 1);
        }
        else
        {
            if (From.Length == 0 || To.Length == 0) throw new ResourceValidationException("give network, or both from and to");
            var (from, fromPrefix) = ParseMaybeCidr(From, "from");
            var (to, toPrefix) = ParseMaybeCidr(To, "to");
            prefix = fromPrefix ?? toPrefix ?? MaskPrefix(Mask);
            if (fromPrefix is { } fp && toPrefix is { } tp && fp != tp) throw new ResourceValidationException($"from {From} and to {To} have different prefixes");
            if (Mask.Length > 0 && (fromPrefix ?? toPrefix) is { } given && given != MaskPrefix(Mask)) throw new ResourceValidationException($"mask {Mask} disagrees with the prefix of from/to");
            first = Number(from);
            last = Number(to);
            if (first > last) throw new ResourceValidationException($"the range starts at {From}, after its end {To}");
            if ((first & Mask32(prefix)) != (last & Mask32(prefix))) throw new ResourceValidationException($"from {From} and to {To} are not in one /{prefix} network");
            var broadcast = first | ~Mask32(prefix);
            if (last == broadcast && prefix < 31) last--;
        }
        var skipped = new HashSet<uint>();
        foreach (var s in Skip ?? [])
        {
            var (a, _) = ParseMaybeCidr(s, "skip");
            skipped.Add(Number(a));
        }
        return (first, last, prefix, skipped);
    }

    public override void Validate()
    {
        _ = Pool();
        DhcpServerResource.ValidateNbp(Nbp);
    }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel) =>
        GroupParent is DhcpServerResource ? Task.FromResult(true) : throw DhcpServerResource.NotGrouped(this, Server);

    public bool CanGroupWith(Resource other) => false;

    internal static uint Number(IPAddress a) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(a.GetAddressBytes());

    internal static uint Mask32(int prefix) => prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);

    private static (IPAddress Address, int? Prefix) ParseMaybeCidr(string text, string what)
    {
        if (text.Contains('/', StringComparison.Ordinal))
        {
            var (a, p) = DhcpServerResource.ParseCidr(text, what);
            return (a, p);
        }
        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            throw new ResourceValidationException($"{what} '{text}' is not an IPv4 address");
        }
        return (address, null);
    }

    private static int MaskPrefix(string mask)
    {
        if (mask.Length == 0) throw new ResourceValidationException("from and to have no prefix: add one (192.168.1.10/24) or set mask");
        if (mask.StartsWith('/') && int.TryParse(mask[1..], out var p) && p is >= 1 and <= 32) return p;
        if (IPAddress.TryParse(mask, out var m) && m.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            var bits = Number(m);
            var prefix = System.Numerics.BitOperations.PopCount(bits);
            if (Mask32(prefix) == bits) return prefix;
        }
        throw new ResourceValidationException($"mask '{mask}' is not a netmask such as 255.255.255.0 or /24");
    }
}
