using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.NetFunctions;

/// <summary>The CIDR helpers of <c>net</c>: <c>cidr_to_*</c> and <c>ip_in_cidr</c>. Bad input is catchable.</summary>
internal static class CidrFunctions
{
    public static void Register(FunctionRegistry registry, string package) => registry
        .Add(package, Cidr("cidr_to_ip", (ip, _) => IpText.Format(ip), "The address part of a CIDR (192.0.2.7/24 gives 192.0.2.7)."))
        .Add(package, Cidr("cidr_to_prefix", (_, bits) => bits.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "The prefix length of a CIDR as a string (\"24\")."))
        .Add(package, Cidr("cidr_to_mask", (ip, bits) => IpText.Format(IpText.Mask(ip.Length, bits)),
            "The network mask of a CIDR (255.255.255.0)."))
        .Add(package, Cidr("cidr_to_network", (ip, bits) => IpText.Format(IpText.Apply(ip, IpText.Mask(ip.Length, bits))) + "/" + bits,
            "The network of a CIDR (192.0.2.7/24 gives 192.0.2.0/24)."))
        .Add(package, Cidr("cidr_to_first", First, "The first usable address of a CIDR's network (the one after the network address)."))
        .Add(package, Cidr("cidr_to_last", Last, "The last address of a CIDR's network (the broadcast address for IPv4)."))
        .Add(package, new SimpleFunction("ip_in_cidr", "func(ip str, cidr str) bool", a => Value.Bool(Contains(a[0].AsStr(), a[1].AsStr())),
            description: "True when the address is inside the CIDR's network."));

    private static SimpleFunction Cidr(string name, Func<byte[], int, string> body, string description) =>
        new(name, "func(cidr str) str", a =>
        {
            var text = a[0].AsStr().Trim();
            if (!IpText.TryParseCidr(text, out var ip, out var bits))
            {
                throw new CatchableException($"net.{name}: {GoFormat.Quote(a[0].AsStr())} is not a CIDR such as 192.0.2.1/24");
            }
            return Value.Str(body(ip, bits));
        }, description: description);

    private static string First(byte[] ip, int bits)
    {
        var network = IpText.Apply(ip, IpText.Mask(ip.Length, bits));
        if (ip.Length * 8 - bits < 1 || !IpText.TryNext(network, out var next))
        {
            throw new CatchableException($"a /{bits} network has no address after its network address");
        }
        return IpText.Format(next);
    }

    private static string Last(byte[] ip, int bits)
    {
        var last = IpText.Apply(ip, IpText.Mask(ip.Length, bits));
        for (var i = bits; i < ip.Length * 8; i++) last[i / 8] |= (byte)(0x80 >> (i % 8));
        return IpText.Format(last);
    }

    private static bool Contains(string ipText, string cidrText)
    {
        if (!IpText.TryParse(ipText.Trim(), out var ip)) throw new CatchableException($"net.ip_in_cidr: {GoFormat.Quote(ipText)} is not an IP address");
        if (!IpText.TryParseCidr(cidrText.Trim(), out var network, out var bits))
        {
            throw new CatchableException($"net.ip_in_cidr: {GoFormat.Quote(cidrText)} is not a CIDR");
        }
        if (ip.Length != network.Length) return false;
        var mask = IpText.Mask(ip.Length, bits);
        return IpText.Apply(ip, mask).AsSpan().SequenceEqual(IpText.Apply(network, mask));
    }
}
