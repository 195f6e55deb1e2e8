using Mgmt.Platform.Http;
using System.Net;
using Mgmt.Engine.Resources;

namespace Mgmt.Resources;

/// <summary>
/// <c>dhcp:server</c>: a DHCPv4 server that runs inside mgmt for as long as the resource does. It answers from the
/// <c>dhcp:host</c> (static) and <c>dhcp:range</c> (dynamic) resources grouped into it, handing out the
/// <see cref="Routers"/>, <see cref="Dns"/> servers, lease time and network boot program. See docs/resources/dhcp.md.
/// </summary>
[ResourceKind("dhcp:server")]
public sealed partial class DhcpServerResource : Resource, IGroupable
{
    /// <summary>The lease time when none is given, as dhcpd's default.</summary>
    public const string DefaultLeaseTime = "10m";

    /// <summary>Where to listen: <c>:67</c> (every address), or <c>IP:67</c>; empty uses the name.</summary>
    [Param("address")]
    public string Address { get; set; } = "";

    /// <summary>The interface to serve (replies to clients without an address are broadcast there).</summary>
    [Param("interface")]
    public string Interface { get; set; } = "";

    /// <summary>This server's identifier, an IPv4 address of it; empty takes the address's host, or the interface's first address.</summary>
    [Param("serverid")]
    public string? ServerId { get; set; }

    /// <summary>How long leases last, such as <c>10m</c> or <c>1h</c>.</summary>
    [Param("leasetime")]
    public string? LeaseTime { get; set; }

    /// <summary>DNS servers offered to clients.</summary>
    [Param("dns")]
    public IReadOnlyList<string>? Dns { get; set; }

    /// <summary>Routers (default gateways) offered to clients.</summary>
    [Param("routers")]
    public IReadOnlyList<string>? Routers { get; set; }

    /// <summary>The network boot program for every client, <c>tftp://SERVER/PATH</c>; hosts and ranges may override it.</summary>
    [Param("nbp")]
    public string Nbp { get; set; } = "";

    /// <summary>The network namespace to serve (tests make their own); users never set it.</summary>
    internal string? Namespace { get; set; }

    internal string EffectiveAddress => Address.Length > 0 ? Address : Name;

    internal TimeSpan Lease => GoDuration.TryParse(string.IsNullOrEmpty(LeaseTime) ? DefaultLeaseTime : LeaseTime, out var d) ? d : TimeSpan.FromMinutes(10);

    public override void Validate()
    {
        HttpListenAddress address;
        try
        {
            address = HttpListenAddress.Parse(EffectiveAddress);
        }
        catch (FormatException e)
        {
            var text = e.Message.Replace("8080", "67", StringComparison.Ordinal);
            throw new ResourceValidationException(Address.Length > 0 ? text : $"{text} (the name is used because 'address' is empty)");
        }
        if (address.Host is { } host && host.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork) throw new ResourceValidationException($"address '{EffectiveAddress}': only IPv4 is supported");
        if (Interface.Length > 15 || Interface.Any(c => c is '/' or ':' || char.IsWhiteSpace(c))) throw new ResourceValidationException($"interface '{Interface}' is not an interface name");
        if (!string.IsNullOrEmpty(ServerId) && !IsIpv4(ServerId)) throw new ResourceValidationException($"serverid '{ServerId}' is not an IPv4 address");
        if (!string.IsNullOrEmpty(LeaseTime) && (!GoDuration.TryParse(LeaseTime, out var lease) || lease < TimeSpan.FromSeconds(1) || lease.TotalSeconds > uint.MaxValue - 1))
        {
            throw new ResourceValidationException($"leasetime '{LeaseTime}' is not a duration such as 10m, 1h or 90s");
        }
        foreach (var dns in Dns ?? []) if (!IsIpv4(dns)) throw new ResourceValidationException($"dns '{dns}' is not an IPv4 address");
        foreach (var router in Routers ?? []) if (!IsIpv4(router)) throw new ResourceValidationException($"router '{router}' is not an IPv4 address");
        ValidateNbp(Nbp);
    }

    internal static bool IsIpv4(string text) => IPAddress.TryParse(text, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && text.Count(c => c == '.') == 3;

    /// <summary>Checks a network boot program URL: empty, or <c>tftp://HOST/PATH</c>.</summary>
    internal static void ValidateNbp(string nbp)
    {
        if (nbp.Length == 0) return;
        if (!System.Uri.TryCreate(nbp, UriKind.Absolute, out var uri) || uri.Scheme != "tftp" || uri.Host.Length == 0)
        {
            throw new ResourceValidationException($"nbp '{nbp}' must be a tftp URL, such as tftp://192.0.2.13/pxelinux.0");
        }
    }

    /// <summary>An IPv4 address with its prefix.</summary>
    internal static (IPAddress Address, int Prefix) ParseCidr(string text, string what)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IsIpv4(text[..slash]) || !int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix) || prefix is < 1 or > 32)
        {
            throw new ResourceValidationException($"{what} '{text}' is not an IPv4 address with its prefix, such as 192.0.2.42/24");
        }
        return (IPAddress.Parse(text[..slash]), prefix);
    }

    internal static InvalidOperationException NotGrouped(Resource member, string server) => new(
        $"{member} is not part of any dhcp:server, so no client ever gets it; " +
        (server.Length > 0 ? $"add dhcp:server \"{server}\" (named by its 'server' parameter)" : "add a dhcp:server resource (and name it in 'server' when there are several)") +
        ", and do not turn autogrouping off for it");

    /// <summary>Takes the dhcp:host and dhcp:range resources meant for this server (or for any).</summary>
    public bool CanGroupWith(Resource other) => other switch
    {
        DhcpHostResource host => host.Server.Length == 0 || host.Server == Name,
        DhcpRangeResource range => range.Server.Length == 0 || range.Server == Name,
        _ => false,
    };
}
