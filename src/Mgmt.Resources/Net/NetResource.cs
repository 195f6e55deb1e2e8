using System.Net;
using Mgmt.Engine.Resources;

namespace Mgmt.Resources;

/// <summary>
/// <c>net</c>: a network interface, named by the resource: up or down, its addresses and its default gateway, set in
/// the running kernel and kept in a systemd-networkd file (<c>/etc/systemd/network/mgmt-NAME.network</c>) so that
/// they survive a reboot. See docs/resources/net.md.
/// </summary>
/// <remarks>
/// The kernel is driven with iproute2's <c>ip</c> (rtnetlink); the watch is <c>ip monitor</c>, which prints every link,
/// address and route change the kernel announces, plus inotify on the networkd file.
/// </remarks>
[ResourceKind("net")]
public sealed partial class NetResource : Resource, IReversible, IEdgeable
{
    public const string Up = "up";
    public const string Down = "down";

    /// <summary>Where the networkd files go; tests point it elsewhere.</summary>
    internal string NetworkdDirectory { get; set; } = "/etc/systemd/network/";

    /// <summary>The network namespace to act in (<c>ip -n</c>); tests use their own, users never set it.</summary>
    internal string? Namespace { get; set; }

    /// <summary><c>up</c> or <c>down</c>; empty leaves the link and the networkd file alone.</summary>
    [Param("state")]
    public string State { get; set; } = "";

    /// <summary>The addresses the interface must have, <c>ADDRESS/PREFIX</c>; others are removed. Unset leaves them.</summary>
    [Param("addrs")]
    public IReadOnlyList<string>? Addrs { get; set; }

    /// <summary>The default IPv4 gateway through this interface; empty leaves the routes alone.</summary>
    [Param("gateway")]
    public string Gateway { get; set; } = "";

    /// <summary>Written to the networkd file as <c>IPForward=</c>; unset writes nothing.</summary>
    [Param("ip_forward")]
    public bool? IpForward { get; set; }

    internal string UnitFile => $"{NetworkdDirectory.TrimEnd('/')}/mgmt-{Name}.network";

    public override void Validate()
    {
        if (Name.Length is 0 or > 15 || Name.Any(c => c is '/' or ':' || char.IsWhiteSpace(c)) || Name is "." or "..")
        {
            throw new ResourceValidationException($"'{Name}' is not an interface name: 1 to 15 characters, without '/', ':' or spaces");
        }
        if (State is not ("" or Up or Down)) throw new ResourceValidationException($"state '{State}' is not one of up, down (or empty to leave it)");
        for (var i = 0; i < (Addrs?.Count ?? 0); i++) _ = ParseCidr(Addrs![i], Addrs.Count == 1 ? "addrs" : $"addrs[{i}]");
        if (Gateway.Length > 0 && (!IPAddress.TryParse(Gateway, out var gw) || gw.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork))
        {
            throw new ResourceValidationException($"gateway '{Gateway}' is not an IPv4 address");
        }
    }

    /// <summary><paramref name="cidr"/> written the way the kernel reports it (<c>10.0.0.1/24</c>, <c>fd00::1/64</c>).</summary>
    internal static string ParseCidr(string cidr, string what = "addrs")
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(cidr[..slash], out var address) || !int.TryParse(cidr[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix)
            || prefix > (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128))
        {
            throw new ResourceValidationException($"{what}: '{cidr}' is not an address with its prefix, such as 192.168.1.10/24");
        }
        return $"{address}/{prefix}";
    }

    /// <summary>The networkd file's content for this interface.</summary>
    internal string UnitContent()
    {
        var lines = new List<string> { "[Match]", $"Name={Name}", "", "[Network]" };
        lines.AddRange((Addrs ?? []).Select(a => $"Address={a}"));
        if (Gateway.Length > 0) lines.Add($"Gateway={Gateway}");
        if (IpForward is { } forward) lines.Add($"IPForward={(forward ? "true" : "false")}");
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>An interface brought up is brought down again when it leaves the graph (and the reverse).</summary>
    public Resource? Reversed()
    {
        if (State.Length == 0) return null;
        var reverse = (NetResource)Copy();
        reverse.NetworkdDirectory = NetworkdDirectory;
        reverse.Namespace = Namespace;
        reverse.State = State == Up ? Down : Up;
        return reverse;
    }

    public IEnumerable<ResourceUid> Uids() => [new ResourceUid("net", Name)];

    // The networkd file's directory may be managed by a file resource.
    public IEnumerable<AutoEdgeSeek> AutoEdges() => [new AutoEdgeSeek([new ResourceUid("file", NetworkdDirectory.TrimEnd('/') + "/")])];
}
