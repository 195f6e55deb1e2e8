using Mgmt.Engine.Resources;

namespace Mgmt.Resources.Tests.Tftp;

public sealed class TftpValidateTests
{
    [Theory]
    [InlineData("", "", 5, "", "the address is empty")]
    [InlineData("x", "", 5, "", "has no port")]
    [InlineData("s", "nohost:69", 5, "", "is not an IP address")]
    [InlineData("s", ":69", 0, "", "timeout 0 is out of range")]
    [InlineData("s", ":69", 5, "srv/", "must be an absolute path")]
    [InlineData("s", ":69", 5, "/srv", "end it with /")]
    [InlineData("s", ":69", 5, "/srv/../etc/", "must not contain '..'")]
    public void Server_parameters_are_checked(string name, string address, ulong timeout, string root, string expected)
    {
        var server = new TftpServerResource { Name = name, Address = address, Timeout = timeout, Root = root };
        var e = Assert.Throws<ResourceValidationException>(server.Validate);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_good_server_and_its_defaults_pass() =>
        new TftpServerResource { Name = ":69", Root = "/srv/tftp/" }.Validate();

    [Theory]
    [InlineData("f", "rel", "", "must be absolute")]
    [InlineData("f", "/srv/dir/", "", "names a directory")]
    [InlineData("f", "/srv/x", "data", "not both")]
    public void File_parameters_are_checked(string name, string path, string data, string expected)
    {
        var file = new TftpFileResource { Name = name, Path = path, Data = data };
        var e = Assert.Throws<ResourceValidationException>(file.Validate);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_group_into_their_server_only()
    {
        var server = new TftpServerResource { Name = "a" };
        Assert.True(server.CanGroupWith(new TftpFileResource { Name = "f" }));
        Assert.True(server.CanGroupWith(new TftpFileResource { Name = "f", Server = "a" }));
        Assert.False(server.CanGroupWith(new TftpFileResource { Name = "f", Server = "b" }));
        Assert.False(server.CanGroupWith(new TftpServerResource { Name = "c" }));
    }
}
