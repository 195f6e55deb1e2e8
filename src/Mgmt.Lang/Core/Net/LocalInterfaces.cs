using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Mgmt.Lang.Core.NetFunctions;

/// <summary>This machine's network interfaces, as the <c>net</c> streams and <c>util.hostname_mapper</c> see them.</summary>
internal static class LocalInterfaces
{
    private const string SysClassNet = "/sys/class/net";

    /// <summary>The MAC addresses of the non-loopback interfaces, in standard form, sorted.</summary>
    public static IReadOnlyList<string> Macs() =>
        [.. Interfaces()
            .Where(i => i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .Select(i => i.GetPhysicalAddress().GetAddressBytes())
            .Where(b => b.Length == 6 && b.Any(x => x != 0))
            .Select(MacFunctions.Colon)
            .Distinct()
            .Order(StringComparer.Ordinal)];

    /// <summary>The first (by name) physical, wired Ethernet interface, or "" when there is none.</summary>
    public static string WiredInterface() =>
        Interfaces()
            .Where(i => i.NetworkInterfaceType == NetworkInterfaceType.Ethernet)
            .Select(i => i.Name)
            .Where(n => Directory.Exists(Path.Join(SysClassNet, n, "device")) && !Directory.Exists(Path.Join(SysClassNet, n, "wireless")))
            .Order(StringComparer.Ordinal)
            .FirstOrDefault() ?? "";

    /// <summary>The first IPv4 address of an interface as a CIDR (192.0.2.7/24), "" when it has none, null when no such interface.</summary>
    public static string? InterfaceCidr(string name)
    {
        var nic = Interfaces().FirstOrDefault(i => i.Name == name);
        if (nic is null) return null;
        var address = nic.GetIPProperties().UnicastAddresses
            .FirstOrDefault(a => a.Address.AddressFamily == AddressFamily.InterNetwork);
        return address is null ? "" : $"{address.Address}/{address.PrefixLength}";
    }

    private static NetworkInterface[] Interfaces()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces();
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }
}
