using System.Globalization;
using System.Net;
using System.Xml.Linq;

namespace Mgmt.Resources;

/// <summary>A static DHCP lease of a libvirt network: a MAC address, the IP it always gets and the host name it is told.</summary>
internal sealed record DhcpHostEntry(string Mac, string Name, string Ip)
{
    public string ToXml() => new XElement("host", new XAttribute("mac", Mac), Name.Length > 0 ? new XAttribute("name", Name) : null, new XAttribute("ip", Ip)).ToString(SaveOptions.DisableFormatting);
}

/// <summary>A dynamic DHCP pool of a libvirt network, from one address to another.</summary>
internal sealed record DhcpRangeEntry(string Start, string End)
{
    public string ToXml() => new XElement("range", new XAttribute("start", Start), new XAttribute("end", End)).ToString(SaveOptions.DisableFormatting);
}

/// <summary>
/// The parts of a libvirt network's XML that <c>virt:network</c> manages: forward mode, bridge device, bridge MAC,
/// the first IPv4 block (address and prefix) and its DHCP hosts and ranges. Reads libvirt's XML and writes new
/// definitions; everything else in the XML is libvirt's business.
/// </summary>
internal sealed record NetworkXml(string Name, string Uuid, string Mode, string Device, string Mac, string Ip, int Prefix,
    IReadOnlyList<DhcpHostEntry> Hosts, IReadOnlyList<DhcpRangeEntry> Ranges)
{
    public static NetworkXml Parse(string xml)
    {
        var root = XElement.Parse(xml);
        var ip = root.Elements("ip").FirstOrDefault(e => (string?)e.Attribute("family") is null or "ipv4");
        var prefix = 0;
        if (ip?.Attribute("prefix") is { } p) prefix = int.Parse(p.Value, CultureInfo.InvariantCulture);
        else if (ip?.Attribute("netmask") is { } m && IPAddress.TryParse(m.Value, out var mask)) prefix = PrefixOf(mask);
        var dhcp = ip?.Element("dhcp");
        return new NetworkXml(
            (string?)root.Element("name") ?? "",
            (string?)root.Element("uuid") ?? "",
            (string?)root.Element("forward")?.Attribute("mode") ?? "",
            (string?)root.Element("bridge")?.Attribute("name") ?? "",
            ((string?)root.Element("mac")?.Attribute("address") ?? "").ToLowerInvariant(),
            (string?)ip?.Attribute("address") ?? "",
            prefix,
            [.. dhcp?.Elements("host").Select(h => new DhcpHostEntry(((string?)h.Attribute("mac") ?? "").ToLowerInvariant(), (string?)h.Attribute("name") ?? "", (string?)h.Attribute("ip") ?? "")) ?? []],
            [.. dhcp?.Elements("range").Select(r => new DhcpRangeEntry((string?)r.Attribute("start") ?? "", (string?)r.Attribute("end") ?? "")) ?? []]);
    }

    /// <summary>A complete definition for libvirt.</summary>
    public string ToXml()
    {
        var dhcp = Hosts.Count + Ranges.Count > 0
            ? new XElement("dhcp", Ranges.Select(r => XElement.Parse(r.ToXml())), Hosts.Select(h => XElement.Parse(h.ToXml())))
            : null;
        return new XElement("network",
            new XElement("name", Name),
            Uuid.Length > 0 ? new XElement("uuid", Uuid) : null,
            new XElement("forward", new XAttribute("mode", Mode)),
            new XElement("bridge", new XAttribute("name", Device), new XAttribute("stp", "on"), new XAttribute("delay", "0")),
            new XElement("mac", new XAttribute("address", Mac)),
            new XElement("ip", new XAttribute("address", Ip), new XAttribute("prefix", Prefix), dhcp)).ToString();
    }

    /// <summary>True when the managed base fields (not the DHCP entries) are the same; an empty wanted UUID matches any.</summary>
    public bool SameBase(NetworkXml wanted) =>
        Mode == wanted.Mode && Device == wanted.Device && Mac == wanted.Mac && Ip == wanted.Ip && Prefix == wanted.Prefix &&
        (wanted.Uuid.Length == 0 || string.Equals(Uuid, wanted.Uuid, StringComparison.OrdinalIgnoreCase));

    private static int PrefixOf(IPAddress mask) => mask.GetAddressBytes().Sum(b => System.Numerics.BitOperations.PopCount(b));
}
