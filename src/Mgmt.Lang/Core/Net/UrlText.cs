using System.Text;
using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.NetFunctions;

/// <summary>A URL split into the parts <c>net.url_parser</c> returns, following Go's <c>url.Parse</c>.</summary>
internal sealed record UrlText(string Scheme, string Host, string Path, string RawQuery)
{
    public static UrlText Parse(string raw)
    {
        var text = raw;
        var hash = text.IndexOf('#');
        if (hash >= 0) text = text[..hash];
        if (text.Any(c => c < 0x20 || c == 0x7f)) throw Bad(raw, "it contains a control character");

        var (scheme, rest) = SplitScheme(raw, text);
        var query = "";
        var q = rest.IndexOf('?');
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }
        if (!rest.StartsWith('/'))
        {
            if (scheme.Length > 0) return new UrlText(scheme, "", "", query); // opaque, like mailto:someone
            var firstSegment = rest.Split('/')[0];
            if (firstSegment.Contains(':')) throw Bad(raw, "the first path segment cannot contain a colon");
        }
        var host = "";
        if (rest.StartsWith("//", StringComparison.Ordinal) && (scheme.Length > 0 || !rest.StartsWith("///", StringComparison.Ordinal)))
        {
            var authority = rest[2..];
            var slash = authority.IndexOf('/');
            rest = slash < 0 ? "" : authority[slash..];
            authority = slash < 0 ? authority : authority[..slash];
            var at = authority.LastIndexOf('@');
            host = at < 0 ? authority : authority[(at + 1)..];
            ValidateHost(raw, host);
        }
        return new UrlText(scheme, host, Unescape(raw, rest), query);
    }

    private static (string Scheme, string Remainder) SplitScheme(string raw, string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetter(c)) continue;
            if (char.IsAsciiDigit(c) || c is '+' or '-' or '.')
            {
                if (i == 0) return ("", text);
                continue;
            }
            if (c == ':')
            {
                if (i == 0) throw Bad(raw, "the scheme is missing before ':'");
                return (text[..i].ToLowerInvariant(), text[(i + 1)..]);
            }
            return ("", text);
        }
        return ("", text);
    }

    private static void ValidateHost(string raw, string host)
    {
        var colon = host.StartsWith('[') ? host.IndexOf(':', Math.Max(host.IndexOf(']'), 0)) : host.LastIndexOf(':');
        if (host.StartsWith('[') && host.IndexOf(']') < 0) throw Bad(raw, "the host has a '[' without ']'");
        if (colon >= 0 && !host[(colon + 1)..].All(char.IsAsciiDigit)) throw Bad(raw, $"the port in {GoFormat.Quote(host)} is not a number");
    }

    private static string Unescape(string raw, string s)
    {
        if (!s.Contains('%')) return s;
        var bytes = new List<byte>();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '%')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(s[i].ToString()));
                continue;
            }
            if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2]))
            {
                throw Bad(raw, $"bad escape {GoFormat.Quote(s[i..Math.Min(i + 3, s.Length)])}");
            }
            bytes.Add(Convert.ToByte(s.Substring(i + 1, 2), 16));
            i += 2;
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static CatchableException Bad(string raw, string why) => new($"net.url_parser: {GoFormat.Quote(raw)} is not a valid URL: {why}");
}
