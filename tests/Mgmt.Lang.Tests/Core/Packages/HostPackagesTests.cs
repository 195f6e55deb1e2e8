using Mgmt.Engine.Values;
using Mgmt.Lang.Core.OsFunctions;
using Mgmt.Lang.Core.SysFunctions;
using Mgmt.Lang.Core.UtilFunctions;
using Mgmt.Lang.Functions;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Packages;

public sealed class HostPackagesTests
{
    [Theory]
    [InlineData("fedora39-x86_64", "fedora", "39", "x86_64")]
    [InlineData("debian12-aarch64", "debian", "12", "aarch64")]
    [InlineData("fedora-x86_64", "", "", "")]
    [InlineData("nodash", "", "", "")]
    public void ParseDistroUid(string uid, string distro, string version, string arch) =>
        Assert.Equal($"struct{{distro: \"{distro}\"; version: \"{version}\"; arch: \"{arch}\"}}", Call("os.parse_distro_uid", S(uid)).ToString());

    [Fact]
    public void UsersComeFromThePasswdFile()
    {
        Assert.Equal(S("/root/"), Call("os.home", S("root")));
        Assert.Equal(S("0"), Call("os.uid", S("root")));
        Assert.Throws<CatchableException>(() => Call("os.home", S("no-such-user-here")));
        Assert.Equal(S("/root/x"), Call("os.expand_home", S("~root/x")));
        Assert.Equal(S("plain"), Call("os.expand_home", S("plain")));
    }

    [Fact]
    public void FamilyMatchesTheReleaseFiles()
    {
        var family = Call("os.family").AsStr();
        Assert.Contains(family, new[] { "redhat", "debian", "archlinux", "" });
        Assert.Equal(B(family == "debian"), Call("os.is_family_debian"));
        Assert.Equal(S("debian"), Registry.FindVariable("os", "family_debian"));
        Assert.False(Find("os.family").IsPure);
    }

    [Fact]
    public void ReleaseReadsOsRelease()
    {
        var release = Call("os.release").AsStruct();
        var expected = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("ID=", StringComparison.Ordinal))?[3..].Trim('"') ?? "";
        Assert.Equal(S(expected), release["id"]);
    }

    [Fact]
    public void EnvironmentVariables()
    {
        var name = "MGMT_CORE_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "value");
        try
        {
            Assert.Equal(S("value"), Call("sys.getenv", S(name)));
            Assert.Equal(B(true), Call("sys.hasenv", S(name)));
            Assert.True(Call("sys.env").AsMap().TryGet(S(name), out var v) && v == S("value"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
        Assert.Throws<CatchableException>(() => Call("sys.getenv", S(name)));
        Assert.Equal(B(false), Call("sys.hasenv", S(name)));
    }

    [Theory]
    [InlineData("0-3", 4L)]
    [InlineData("0,2-3,8", 4L)]
    [InlineData("0\n", 1L)]
    public void CpuListsCount(string text, long expected) => Assert.Equal(expected, SysPackage.CountCpuList(text));

    [Fact]
    public void LoadHasThreeAverages() => Assert.Equal(3, SysPackage.Load().Fields.Length);

    [Fact]
    public void HostnameMapperPicksTheLocalMac()
    {
        var map = M(DataType.Str, DataType.Str, (S("00:11:22:33:44:55"), S("alpha")), (S("66:77:88:99:aa:bb"), S("beta")));
        Assert.Equal("alpha", UtilPackage.HostnameFor(map, ["00:11:22:33:44:55", "de:ad:be:ef:00:01"]));
        Assert.Equal("", UtilPackage.HostnameFor(map, ["de:ad:be:ef:00:01"]));
        Assert.Throws<FunctionException>(() => UtilPackage.HostnameFor(map, ["00:11:22:33:44:55", "66:77:88:99:aa:bb"]));
        Assert.Equal(S(""), Call("util.hostname_mapper", M(DataType.Str, DataType.Str)));
    }

    [Fact]
    public void ModulesAndVirtualisationAnswer()
    {
        Assert.False(HostInfo.ModuleLoaded("no_such_module_for_mgmt_tests"));
        _ = Call("os.is_virtual").AsBool();
    }

    [Fact]
    public void RegexpUsesRe2Syntax()
    {
        Assert.Equal(B(true), Call("regexp.match", S("^a(?P<x>b+)c$"), S("abbc")));
        Assert.Equal(B(false), Call("regexp.match", S("^ab$"), S("abc")));
        Assert.Throws<FunctionException>(() => Call("regexp.match", S("(unclosed"), S("x")));
    }
}
