using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.NetFunctions;

/// <summary>MAC address helpers of <c>net</c>: <c>is_mac</c>, <c>macfmt</c>, <c>oldmacfmt</c>.</summary>
internal static class MacFunctions
{
    public static void Register(FunctionRegistry registry, string package) => registry
        .Add(package, new SimpleFunction("is_mac", "func(a str) bool",
            a => Value.Bool(TryParse(a[0].AsStr(), out var mac) && Colon(mac) == a[0].AsStr()),
            description: "True for a MAC address in the standard form: six lower-case hex pairs joined by colons."))
        .Add(package, new SimpleFunction("macfmt", "func(a str) str", a => Value.Str(Colon(Parse("macfmt", a[0].AsStr()))),
            description: "A MAC address in the standard form (aa:bb:cc:dd:ee:ff); a bad address is a catchable error."))
        .Add(package, new SimpleFunction("oldmacfmt", "func(a str) str",
            a => Value.Str(Colon(Parse("oldmacfmt", a[0].AsStr())).Replace(':', '-')),
            description: "A MAC address in the old hyphen form (aa-bb-cc-dd-ee-ff); a bad address is a catchable error."));

    /// <summary>Six hex pairs separated by one consistent ':' or '-'.</summary>
    internal static bool TryParse(string s, out byte[] mac)
    {
        mac = [];
        if (s.Length != 17 || s[2] is not (':' or '-')) return false;
        var separator = s[2];
        var bytes = new byte[6];
        for (var i = 0; i < 6; i++)
        {
            var at = i * 3;
            if (i < 5 && s[at + 2] != separator) return false;
            if (!char.IsAsciiHexDigit(s[at]) || !char.IsAsciiHexDigit(s[at + 1])) return false;
            bytes[i] = Convert.ToByte(s.Substring(at, 2), 16);
        }
        mac = bytes;
        return true;
    }

    internal static string Colon(byte[] mac) => string.Join(':', mac.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    private static byte[] Parse(string function, string s) => TryParse(s, out var mac)
        ? mac
        : throw new CatchableException($"net.{function}: {GoFormat.Quote(s)} is not a MAC address such as 00:11:22:aa:bb:cc");
}
