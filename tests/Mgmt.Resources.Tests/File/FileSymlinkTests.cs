using Mgmt.Platform.Files;
using IO = System.IO;

namespace Mgmt.Resources.Tests.FileResources;

public sealed class FileSymlinkTests : FileTestBase
{
    [Fact]
    public async Task ALinkIsCreatedAndRetargeted()
    {
        var link = Dir["link"];
        await ApplyAndSettle(File(link, r => { r.State = "exists"; r.Symlink = true; r.Source = "/does/not/need/to/exist"; }));
        Assert.Equal("/does/not/need/to/exist", Posix.ReadLink(link));
        await ApplyAndSettle(File(link, r => { r.State = "exists"; r.Symlink = true; r.Source = "relative"; }));
        Assert.Equal("relative", Posix.ReadLink(link));
    }

    [Fact]
    public async Task ReplacingAFileOrEmptyDirectoryNeedsForce()
    {
        IO.File.WriteAllText(Dir["f"], "x");
        var error = await Assert.ThrowsAsync<IOException>(() => ApplyOnce(File(Dir["f"], r => { r.State = "exists"; r.Symlink = true; r.Source = "t"; })));
        Assert.Contains("force => true", error.Message);
        await ApplyAndSettle(File(Dir["f"], r => { r.State = "exists"; r.Symlink = true; r.Source = "t"; r.Force = true; }));
        Assert.Equal("t", Posix.ReadLink(Dir["f"]));

        Directory.CreateDirectory(Dir["d"]);
        await ApplyAndSettle(File(Dir["d"], r => { r.State = "exists"; r.Symlink = true; r.Source = "t"; r.Force = true; }));
        Assert.Equal("t", Posix.ReadLink(Dir["d"]));
    }

    [Fact]
    public async Task AbsentRemovesTheLinkOnly()
    {
        IO.File.WriteAllText(Dir["target"], "x");
        Posix.Symlink("target", Dir["link"]);
        await ApplyAndSettle(File(Dir["link"], r => { r.State = "absent"; r.Symlink = true; }));
        Assert.Null(Posix.TryLstat(Dir["link"]));
        Assert.True(IO.File.Exists(Dir["target"]));

        var error = await Assert.ThrowsAsync<IOException>(() => ApplyOnce(File(Dir["target"], r => { r.State = "absent"; r.Symlink = true; })));
        Assert.Contains("not a symlink", error.Message);
    }

    [Fact]
    public async Task OwnerOfTheLinkItself()
    {
        Assert.SkipUnless(Posix.EffectiveUid == 0, "changing owners needs root");
        IO.File.WriteAllText(Dir["target"], "x");
        await ApplyAndSettle(File(Dir["link"], r => { r.State = "exists"; r.Symlink = true; r.Source = "target"; r.Owner = "nobody"; }));
        Assert.Equal(65534u, Posix.TryLstat(Dir["link"])!.Value.Uid);
        Assert.Equal(0u, Posix.TryStat(Dir["target"])!.Value.Uid);
    }
}
