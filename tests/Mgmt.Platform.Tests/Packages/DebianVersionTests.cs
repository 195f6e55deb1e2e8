using Mgmt.Platform.Packages;

namespace Mgmt.Platform.Tests.Packages;

public sealed class DebianVersionTests
{
    [Theory]
    [InlineData("1.0", "1.0", 0)]
    [InlineData("1.0", "1.1", -1)]
    [InlineData("1.10", "1.9", 1)]
    [InlineData("1.0-1", "1.0-2", -1)]
    [InlineData("1:0.1", "9.9", 1)]
    [InlineData("1.0~rc1", "1.0", -1)]
    [InlineData("1.0~rc1", "1.0~rc2", -1)]
    [InlineData("1.0~~", "1.0~", -1)]
    [InlineData("1.0a", "1.0", 1)]
    [InlineData("1.0a", "1.0+", -1)]
    [InlineData("2.36-9+deb12u14", "2.36-9+deb12u7", 1)]
    [InlineData("5.02-1+b1", "5.02-1", 1)]
    [InlineData("1.01", "1.1", 0)]
    [InlineData("0:1.2", "1.2", 0)]
    public void Orders_versions_like_dpkg(string a, string b, int expected)
    {
        Assert.Equal(expected, Math.Sign(DebianVersion.Compare(a, b)));
        Assert.Equal(-expected, Math.Sign(DebianVersion.Compare(b, a)));
    }
}
