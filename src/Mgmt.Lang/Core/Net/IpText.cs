using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mgmt.Lang.Core.NetFunctions;

/// <summary>
/// IP addresses and CIDR prefixes parsed and printed as Go's <c>net</c> package does: strict dotted quads (no
/// leading zeros, no shorthand forms that .NET would accept) and RFC 5952 text for IPv6.
/// </summary>
internal static class IpText
{
    public static bool TryParse(string s, out byte[] bytes)
    {
        bytes = [];
        if (s.Contains(':'))
        {
            if (s.Contains('%') || s.Contains('[') || !s.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')) return false;
            if (!IPAddress.TryParse(s, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6) return false;
            bytes = v6.GetAddressBytes();
            return true;
        }
        var parts = s.Split('.');
        if (parts.Length != 4) return false;
        var result = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            var p = parts[i];
            if (p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit) || (p.Length > 1 && p[0] == '0')) return false;
            var n = int.Parse(p, CultureInfo.InvariantCulture);
            if (n > 255) return false;
            result[i] = (byte)n;
        }
        bytes = result;
        return true;
    }

    /// <summary>Parses <c>addr/bits</c>; the address is returned as written (not masked).</summary>
    public static bool TryParseCidr(string s, out byte[] address, out int bits)
    {
        address = [];
        bits = 0;
        var slash = s.IndexOf('/');
        if (slash < 0) return false;
        var mask = s[(slash + 1)..];
        if (mask.Length is 0 or > 3 || !mask.All(char.IsAsciiDigit)) return false;
        if (!TryParse(s[..slash], out address)) return false;
        bits = int.Parse(mask, CultureInfo.InvariantCulture);
        return bits <= address.Length * 8;
    }

    public static byte[] Mask(int length, int bits)
    {
        var mask = new byte[length];
        for (var i = 0; i < bits; i++) mask[i / 8] |= (byte)(0x80 >> (i % 8));
        return mask;
    }

    public static byte[] Apply(byte[] address, byte[] mask) => [.. address.Zip(mask, (a, m) => (byte)(a & m))];

    /// <summary>Go's <c>net.IP.String()</c>.</summary>
    public static string Format(byte[] b)
    {
        if (b.Length == 4) return string.Join('.', b);
        if (b.Take(10).All(x => x == 0) && b[10] == 0xff && b[11] == 0xff) return string.Join('.', b.Skip(12));
        var groups = Enumerable.Range(0, 8).Select(i => (b[2 * i] << 8) | b[2 * i + 1]).ToArray();
        // RFC 5952: compress the longest run (at least two) of zero groups, the first one on a tie.
        int bestStart = -1, bestLength = 0;
        for (var i = 0; i < 8;)
        {
            if (groups[i] != 0)
            {
                i++;
                continue;
            }
            var j = i;
            while (j < 8 && groups[j] == 0) j++;
            if (j - i > bestLength && j - i >= 2)
            {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        var sb = new StringBuilder();
        for (var i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                sb.Append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.Length > 0 && sb[^1] != ':') sb.Append(':');
            sb.Append(groups[i].ToString("x", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>Adds one to an address; false when it wraps around.</summary>
    public static bool TryNext(byte[] address, out byte[] next)
    {
        next = (byte[])address.Clone();
        for (var i = next.Length - 1; i >= 0; i--)
        {
            if (++next[i] != 0) return true;
        }
        return false;
    }
}
