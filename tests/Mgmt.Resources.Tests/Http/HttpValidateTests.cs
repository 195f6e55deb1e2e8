using Mgmt.Platform.Http;
using Mgmt.Engine.Resources;

namespace Mgmt.Resources.Tests.Http;

/// <summary>Parameter checks of the http kinds, and the pure helpers: addresses, form values, request targets.</summary>
public sealed class HttpValidateTests
{
    [Theory]
    [InlineData("127.0.0.1:8080", "127.0.0.1:8080", false)]
    [InlineData(":80", ":80", true)]
    [InlineData("[::1]:9000", "[::1]:9000", false)]
    [InlineData("0.0.0.0:81", "0.0.0.0:81", true)]
    public void Addresses_parse_and_say_whether_they_reach_every_interface(string text, string shown, bool all)
    {
        var address = HttpListenAddress.Parse(text);
        Assert.Equal(shown, address.ToString());
        Assert.Equal(all, address.IsAllInterfaces);
    }

    [Theory]
    [InlineData("localhost:80", "not an IP address")]
    [InlineData("127.0.0.1", "has no port")]
    [InlineData("127.0.0.1:99999", "invalid port")]
    [InlineData("::1:80", "brackets")]
    [InlineData("", "empty")]
    public void Bad_addresses_are_refused_with_a_reason(string address, string reason)
    {
        var server = new HttpServerResource { Name = "x", Address = address };
        if (address.Length == 0) server.Name = "";
        var e = Assert.Throws<ResourceValidationException>(server.Validate);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void The_name_is_the_address_when_none_is_given()
    {
        var server = new HttpServerResource { Name = "127.0.0.1:8080" };
        server.Validate();
        Assert.Equal("127.0.0.1:8080", server.EffectiveAddress);
        var e = Assert.Throws<ResourceValidationException>(new HttpServerResource { Name = "web" }.Validate);
        Assert.Contains("the name is used", e.Message);
    }

    [Fact]
    public void Server_root_must_be_absolute()
    {
        var e = Assert.Throws<ResourceValidationException>(new HttpServerResource { Name = ":80", Root = "www/" }.Validate);
        Assert.Contains("absolute", e.Message);
    }

    [Fact]
    public void File_parameters_are_checked()
    {
        Assert.Contains("not both", Assert.Throws<ResourceValidationException>(
            new HttpServerFileResource { Name = "/a", Path = "/tmp/a", Data = "x" }.Validate).Message);
        Assert.Contains("must be absolute", Assert.Throws<ResourceValidationException>(
            new HttpServerFileResource { Name = "/a", Path = "tmp/a" }.Validate).Message);
        Assert.Contains("starting with /", Assert.Throws<ResourceValidationException>(
            new HttpServerFileResource { Name = "a.txt", Data = "x" }.Validate).Message);
        Assert.Contains("write '/pub/'", Assert.Throws<ResourceValidationException>(
            new HttpServerFileResource { Name = "/pub", Path = "/srv/pub/" }.Validate).Message);
        new HttpServerFileResource { Name = "x", Filename = "/x.txt", Path = "/srv/x.txt" }.Validate();
    }

    [Fact]
    public void Flag_parameters_are_checked()
    {
        Assert.Contains("starting with /", Assert.Throws<ResourceValidationException>(
            new HttpServerFlagResource { Name = "flag" }.Validate).Message);
        Assert.Contains("not an HTTP method", Assert.Throws<ResourceValidationException>(
            new HttpServerFlagResource { Name = "/f", Method = "PO ST" }.Validate).Message);
        Assert.Contains("cannot carry", Assert.Throws<ResourceValidationException>(
            new HttpServerFlagResource { Name = "/f", Method = "head" }.Validate).Message);
        var flag = new HttpServerFlagResource { Name = "/f", Method = "put" };
        flag.Validate();
        Assert.Equal("PUT", flag.EffectiveMethod);
        Assert.Equal("POST", new HttpServerFlagResource { Name = "/f" }.EffectiveMethod);
    }

    [Theory]
    [InlineData("key=foo&blah=bar", "key", "foo")]
    [InlineData("blah=bar&key=a+b%21", "key", "a b!")]
    [InlineData("key", "key", "")]
    [InlineData("other=1", "key", null)]
    [InlineData("", "key", null)]
    public void Form_values_are_decoded(string encoded, string key, string? expected) =>
        Assert.Equal(expected, FormText.Find(encoded, key));
}
