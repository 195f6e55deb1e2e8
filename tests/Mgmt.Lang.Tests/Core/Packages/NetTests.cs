using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Packages;

public sealed class NetTests
{
    [Theory]
    [InlineData("cidr_to_ip", "192.0.2.7/24", "192.0.2.7")]
    [InlineData("cidr_to_prefix", "192.0.2.7/24", "24")]
    [InlineData("cidr_to_mask", "192.0.2.7/20", "255.255.240.0")]
    [InlineData("cidr_to_network", "192.0.2.7/24", "192.0.2.0/24")]
    [InlineData("cidr_to_first", "192.0.2.7/24", "192.0.2.1")]
    [InlineData("cidr_to_last", "192.0.2.7/24", "192.0.2.255")]
    [InlineData("cidr_to_ip", " 10.0.0.1/8 ", "10.0.0.1")]
    [InlineData("cidr_to_network", "2001:db8::1/64", "2001:db8::/64")]
    [InlineData("cidr_to_last", "2001:db8::1/64", "2001:db8::ffff:ffff:ffff:ffff")]
    [InlineData("cidr_to_mask", "2001:db8::1/64", "ffff:ffff:ffff:ffff::")]
    public void CidrParts(string function, string cidr, string expected) => Assert.Equal(S(expected), Call("net." + function, S(cidr)));

    [Theory]
    [InlineData("192.0.2.7")]
    [InlineData("192.0.2.300/24")]
    [InlineData("192.0.02.1/24")]
    [InlineData("192.0.2.1/33")]
    [InlineData("fe80::1%eth0/64")]
    public void BadCidrsAreCatchable(string cidr) => Assert.Throws<CatchableException>(() => Call("net.cidr_to_ip", S(cidr)));

    [Fact]
    public void FirstOfASingleAddressNetworkIsAnError() =>
        Assert.Throws<CatchableException>(() => Call("net.cidr_to_first", S("192.0.2.7/32")));

    [Fact]
    public void IpInCidr()
    {
        Assert.Equal(B(true), Call("net.ip_in_cidr", S("192.0.2.200"), S("192.0.2.0/24")));
        Assert.Equal(B(false), Call("net.ip_in_cidr", S("192.0.3.1"), S("192.0.2.0/24")));
        Assert.Equal(B(false), Call("net.ip_in_cidr", S("::1"), S("192.0.2.0/24")));
        Assert.Throws<CatchableException>(() => Call("net.ip_in_cidr", S("nope"), S("192.0.2.0/24")));
    }

    [Fact]
    public void MacAddresses()
    {
        Assert.Equal(B(true), Call("net.is_mac", S("00:11:22:aa:bb:cc")));
        Assert.Equal(B(false), Call("net.is_mac", S("00:11:22:AA:BB:CC")));
        Assert.Equal(B(false), Call("net.is_mac", S("00-11-22-aa-bb-cc")));
        Assert.Equal(B(false), Call("net.is_mac", S("00:11:22-aa:bb:cc")));
        Assert.Equal(S("00:11:22:aa:bb:cc"), Call("net.macfmt", S("00-11-22-AA-BB-CC")));
        Assert.Equal(S("00-11-22-aa-bb-cc"), Call("net.oldmacfmt", S("00:11:22:aa:bb:cc")));
        Assert.Throws<CatchableException>(() => Call("net.macfmt", S("00:11:22")));
    }

    [Theory]
    [InlineData("example.com:80", "example.com", "80")]
    [InlineData("[::1]:443", "::1", "443")]
    [InlineData("host:", "host", "")]
    public void SplitHostPort(string input, string host, string port) =>
        Assert.Equal($"struct{{host: \"{host}\"; port: \"{port}\"}}", Call("net.split_hostport", S(input)).ToString());

    [Theory]
    [InlineData("example.com")]
    [InlineData("::1:80")]
    [InlineData("[::1]")]
    public void SplitHostPortRefusesBadInput(string input) => Assert.Throws<CatchableException>(() => Call("net.split_hostport", S(input)));

    [Theory]
    // The reference's conformance outputs.
    [InlineData("https://www.example.com/search?q=mgmt", "https", "www.example.com", "/search", "q=mgmt")]
    [InlineData("ftp://example.com/apath", "ftp", "example.com", "/apath", "")]
    [InlineData("https://www3.weird.url/?qu=ery", "https", "www3.weird.url", "/", "qu=ery")]
    // Go's url.Parse for the rest.
    [InlineData("HTTP://user:pw@host:8080/a%20b?x=1#frag", "http", "host:8080", "/a b", "x=1")]
    [InlineData("mailto:someone@example.com", "mailto", "", "", "")]
    [InlineData("/just/a/path?q", "", "", "/just/a/path", "q")]
    public void UrlParser(string url, string scheme, string host, string path, string query)
    {
        var v = Call("net.url_parser", S(url)).AsStruct();
        Assert.Equal([S(scheme), S(host), S(path), S(query)], v.Fields.ToArray<Value>());
    }

    [Theory]
    [InlineData(":nope")]
    [InlineData("http://host:port/")]
    [InlineData("http://h/c%zz")]
    [InlineData("first:segment")]
    public void UrlParserRefusesBadUrls(string url)
    {
        if (url == "first:segment")
        {
            // A scheme-looking prefix makes this an opaque URL in Go, not an error.
            Assert.Equal("first", Call("net.url_parser", S(url)).AsStruct()["scheme"].AsStr());
            return;
        }
        Assert.Throws<CatchableException>(() => Call("net.url_parser", S(url)));
    }
}
