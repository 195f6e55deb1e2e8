using Mgmt.Engine.Resources;

namespace Mgmt.Resources.Tests.Pkg;

public sealed class PkgValidateTests
{
    [Theory]
    [InlineData("hello", "installed")]
    [InlineData("libc6:amd64", "newest")]
    [InlineData("g++", "uninstalled")]
    [InlineData("hello", "2.10-3")]
    [InlineData("hello", "1:2.0~rc1+dfsg-1")]
    public void Accepts_package_names_and_states(string name, string state) =>
        new PkgResource { Name = name, State = state }.Validate();

    [Theory]
    [InlineData("Hello", "installed", "is not a Debian package name")]
    [InlineData("a", "installed", "at least two characters")]
    [InlineData("/tmp/x.deb", "installed", "is not a Debian package name")]
    [InlineData("hello", "", "state is empty")]
    [InlineData("hello", "latest", "did you mean 'newest'")]
    [InlineData("hello", "absent", "did you mean 'uninstalled'")]
    [InlineData("hello", "two words", "neither installed")]
    public void Refuses_bad_names_and_states_with_what_to_write(string name, string state, string expected)
    {
        var e = Assert.Throws<ResourceValidationException>(new PkgResource { Name = name, State = state }.Validate);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_state_is_installed() => Assert.Equal("installed", new PkgResource().State);
}
