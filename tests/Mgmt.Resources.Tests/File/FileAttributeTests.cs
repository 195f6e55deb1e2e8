using Mgmt.Platform.Files;
using Mgmt.Platform.Users;
using IO = System.IO;

namespace Mgmt.Resources.Tests.FileResources;

public sealed class FileAttributeTests : FileTestBase
{
    [Fact]
    public async Task OctalModeIsSetOnCreationAndRepaired()
    {
        var path = Dir["f"];
        await ApplyAndSettle(File(path, r => { r.State = "exists"; r.Content = "x"; r.Mode = "0640"; }));
        Assert.Equal(O("640"), ModeOf(path));
        Posix.Chmod(path, O("777"));
        await ApplyAndSettle(File(path, r => r.Mode = "640"));
        Assert.Equal(O("640"), ModeOf(path));
    }

    [Fact]
    public async Task SymbolicModeEditsTheCurrentBits()
    {
        var path = Dir["f"];
        IO.File.WriteAllText(path, "x");
        Posix.Chmod(path, O("600"));
        await ApplyAndSettle(File(path, r => r.Mode = "go+r,u+x"));
        Assert.Equal(O("744"), ModeOf(path));
        await ApplyAndSettle(File(path, r => r.Mode = "u=rw,g=r,o="));
        Assert.Equal(O("640"), ModeOf(path));
    }

    [Fact]
    public async Task DirectoryModes()
    {
        await ApplyAndSettle(File(Dir["d/"], r => { r.State = "exists"; r.Mode = "2750"; }));
        Assert.Equal(O("2750"), ModeOf(Dir["d"]));
    }

    [Fact]
    public async Task AttributesOfAMissingFileAreAnErrorWithoutState()
    {
        var error = await Assert.ThrowsAsync<IOException>(() => ApplyOnce(File(Dir["missing"], r => r.Mode = "0600")));
        Assert.Contains("cannot be set", error.Message);
        Assert.True(await ApplyOnce(File(Dir["gone"], r => { r.State = "absent"; r.Mode = "0600"; r.Owner = "root"; })));
    }

    [Fact]
    public async Task OwnerAndGroupByNameOrId()
    {
        Assert.SkipUnless(Posix.EffectiveUid == 0, "changing owners needs root");
        var path = Dir["f"];
        await ApplyAndSettle(File(path, r => { r.State = "exists"; r.Owner = "nobody"; r.Group = "nogroup"; }));
        var s = Posix.TryStat(path)!.Value;
        Assert.Equal(Accounts.FindUser("nobody")!.Uid, s.Uid);
        Assert.Equal(Accounts.FindGroup("nogroup")!.Gid, s.Gid);

        await ApplyAndSettle(File(path, r => { r.Owner = "0"; r.Group = "0"; }));
        s = Posix.TryStat(path)!.Value;
        Assert.Equal(0u, s.Uid);
        Assert.Equal(0u, s.Gid);
    }

    [Fact]
    public async Task AnUnknownOwnerIsAClearError()
    {
        IO.File.WriteAllText(Dir["f"], "x");
        var error = await Assert.ThrowsAsync<UnknownAccountException>(() => ApplyOnce(File(Dir["f"], r => r.Owner = "no-such-user-mgmt")));
        Assert.Contains("no user named 'no-such-user-mgmt'", error.Message);
    }
}
