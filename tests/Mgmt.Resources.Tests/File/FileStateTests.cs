using Mgmt.Platform.Files;
using IO = System.IO;

namespace Mgmt.Resources.Tests.FileResources;

public sealed class FileStateTests : FileTestBase
{
    [Fact]
    public async Task ExistsCreatesAnEmptyFile()
    {
        var path = Dir["f"];
        await ApplyAndSettle(File(path, r => r.State = "exists"));
        Assert.Equal("", IO.File.ReadAllText(path));
    }

    [Fact]
    public async Task ExistsCreatesADirectoryAndRecurseCreatesParents()
    {
        await ApplyAndSettle(File(Dir["d/"], r => r.State = "exists"));
        Assert.True(Directory.Exists(Dir["d"]));

        var error = await Assert.ThrowsAsync<IOException>(() => ApplyOnce(File(Dir["x/y/z/"], r => r.State = "exists")));
        Assert.Contains("parent directory", error.Message);
        Assert.Contains("recurse => true", error.Message);

        await ApplyAndSettle(File(Dir["x/y/z/"], r => { r.State = "exists"; r.Recurse = true; }));
        Assert.True(Directory.Exists(Dir["x/y/z"]));
    }

    [Fact]
    public async Task AbsentRemovesFilesAndEmptyDirectories()
    {
        IO.File.WriteAllText(Dir["f"], "x");
        await ApplyAndSettle(File(Dir["f"], r => r.State = "absent"));
        Assert.False(IO.File.Exists(Dir["f"]));

        Directory.CreateDirectory(Dir["d/sub"]);
        var error = await Assert.ThrowsAsync<IOException>(() => ApplyOnce(File(Dir["d/"], r => r.State = "absent")));
        Assert.Contains("not empty", error.Message);
        await ApplyAndSettle(File(Dir["d/"], r => { r.State = "absent"; r.Recurse = true; }));
        Assert.False(Directory.Exists(Dir["d"]));
    }

    [Fact]
    public async Task AbsentRemovesASymlinkButNotItsTarget()
    {
        IO.File.WriteAllText(Dir["target"], "keep me");
        Posix.Symlink(Dir["target"], Dir["link"]);
        await ApplyAndSettle(File(Dir["link"], r => r.State = "absent"));
        Assert.Null(Posix.TryLstat(Dir["link"]));
        Assert.Equal("keep me", IO.File.ReadAllText(Dir["target"]));
    }

    [Fact]
    public async Task NoopReportsWithoutChanging()
    {
        Assert.False(await ApplyOnce(File(Dir["f"], r => { r.State = "exists"; r.Content = "x"; r.Mode = "0600"; }), apply: false));
        Assert.False(IO.File.Exists(Dir["f"]));
        IO.File.WriteAllText(Dir["g"], "x");
        Assert.False(await ApplyOnce(File(Dir["g"], r => r.State = "absent"), apply: false));
        Assert.True(IO.File.Exists(Dir["g"]));
    }

    [Fact]
    public async Task ForceTurnsADirectoryIntoAFileAndBack()
    {
        Directory.CreateDirectory(Dir["p/inside"]);
        var error = await Assert.ThrowsAsync<IOException>(() => ApplyOnce(File(Dir["p"], r => { r.State = "exists"; r.Content = "x"; })));
        Assert.Contains("force => true", error.Message);

        await ApplyAndSettle(File(Dir["p"], r => { r.State = "exists"; r.Content = "now a file"; r.Force = true; }));
        Assert.Equal("now a file", IO.File.ReadAllText(Dir["p"]));

        error = await Assert.ThrowsAsync<IOException>(() => ApplyOnce(File(Dir["p/"], r => r.State = "exists")));
        Assert.Contains("a directory is wanted", error.Message);
        await ApplyAndSettle(File(Dir["p/"], r => { r.State = "exists"; r.Force = true; }));
        Assert.True(Directory.Exists(Dir["p"]));
    }

    [Fact]
    public async Task AMissingParentDirectoryIsAClearError()
    {
        var error = await Assert.ThrowsAsync<IOException>(() => ApplyOnce(File(Dir["no/such/dir/f"], r => { r.State = "exists"; r.Content = "x"; })));
        Assert.Contains("parent directory", error.Message);
        Assert.False(await ApplyOnce(File(Dir["no/such/dir/f"], r => { r.State = "exists"; r.Content = "x"; }), apply: false));
    }

    [Fact]
    public async Task UnsetStateLeavesExistenceAlone()
    {
        Assert.True(await ApplyOnce(File(Dir["f"])));
        Assert.False(IO.File.Exists(Dir["f"]));
        var error = await Assert.ThrowsAsync<IOException>(() => ApplyOnce(File(Dir["f"], r => r.Content = "x")));
        Assert.Contains("does not exist", error.Message);
        Assert.Contains("set its state to \"exists\"", error.Message);
    }
}
