using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.NetFunctions;

/// <summary><c>net.split_hostport</c> and <c>net.url_parser</c>, with Go's parsing rules. Bad input is catchable.</summary>
internal static class AddressFunctions
{
    private static readonly StructType HostPort = new([new("host", DataType.Str), new("port", DataType.Str)]);

    private static readonly StructType Url = new([
        new("scheme", DataType.Str), new("host", DataType.Str), new("path", DataType.Str), new("raw_query", DataType.Str)]);

    public static void Register(FunctionRegistry registry, string package) => registry
        .Add(package, new SimpleFunction("split_hostport", "func(hostport str) struct{host str; port str}", a =>
        {
            var (host, port) = SplitHostPort(a[0].AsStr());
            return new StructValue(HostPort, [Value.Str(host), Value.Str(port)]);
        }, description: "Splits host:port or [ipv6]:port into its host and port."))
        .Add(package, new SimpleFunction("url_parser", "func(url str) struct{scheme str; host str; path str; raw_query str}", a =>
        {
            var u = UrlText.Parse(a[0].AsStr());
            return new StructValue(Url, [Value.Str(u.Scheme), Value.Str(u.Host), Value.Str(u.Path), Value.Str(u.RawQuery)]);
        }, description: "Splits a URL into scheme, host (with port), path (unescaped) and raw query."));

    internal static (string Host, string Port) SplitHostPort(string s)
    {
        string host;
        int colon;
        if (s.StartsWith('['))
        {
            var end = s.IndexOf(']');
            if (end < 0) throw Bad(s, "a '[' has no matching ']'");
            if (end + 1 == s.Length) throw Bad(s, "the port is missing");
            if (s[end + 1] != ':') throw Bad(s, "a ':' must follow the ']'");
            host = s[1..end];
            colon = end + 1;
        }
        else
        {
            colon = s.LastIndexOf(':');
            if (colon < 0) throw Bad(s, "the port is missing");
            host = s[..colon];
            if (host.Contains(':')) throw Bad(s, "there are too many colons; write IPv6 hosts as [::1]:80");
        }
        if (host.Contains('[') || host.Contains(']')) throw Bad(s, "unexpected '[' or ']'");
        var port = s[(colon + 1)..];
        if (port.Contains('[') || port.Contains(']')) throw Bad(s, "unexpected '[' or ']' in the port");
        return (host, port);
    }

    private static CatchableException Bad(string s, string why) =>
        new($"net.split_hostport: {GoFormat.Quote(s)} is not host:port: {why}");
}
