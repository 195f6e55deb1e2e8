using Mgmt.Platform.Files;
using Mgmt.Resources.Tests.Support;
using IO = System.IO;

namespace Mgmt.Resources.Tests.FileResources;

public sealed class FileReverseTests : FileTestBase
{
    /// <summary>Captures the undo as the engine does (before the first apply), applies, then applies the undo.</summary>
    private static async Task ApplyThenUndo(FileResource r, Action? afterApply = null)
    {
        var undo = (FileResource?)r.Reversed();
        await ApplyAndSettle(r);
        afterApply?.Invoke();
        Assert.NotNull(undo);
        Assert.False(undo.Meta.Reverse);
        await using var h = await ResourceHarness<FileResource>.StartAsync(undo, watch: false);
        await h.ConvergeAsync();
    }

    [Fact]
    public async Task ACreatedFileIsRemoved()
    {
        await ApplyThenUndo(File(Dir["f"], r => { r.State = "exists"; r.Content = "x"; }));
        Assert.False(IO.File.Exists(Dir["f"]));
    }

    [Fact]
    public async Task ChangedContentModeAndOwnerAreRestored()
    {
        IO.File.WriteAllText(Dir["f"], "original");
        Posix.Chmod(Dir["f"], O("600"));
        await ApplyThenUndo(File(Dir["f"], r => { r.State = "exists"; r.Content = "managed"; r.Mode = "0755"; r.Owner = "nobody"; }));
        Assert.Equal("original", IO.File.ReadAllText(Dir["f"]));
        Assert.Equal(O("600"), ModeOf(Dir["f"]));
        Assert.Equal(Posix.EffectiveUid, Posix.TryStat(Dir["f"])!.Value.Uid);
    }

    [Fact]
    public async Task ARemovedFileComesBack()
    {
        IO.File.WriteAllText(Dir["f"], "precious");
        Posix.Chmod(Dir["f"], O("640"));
        await ApplyThenUndo(File(Dir["f"], r => r.State = "absent"));
        Assert.Equal("precious", IO.File.ReadAllText(Dir["f"]));
        Assert.Equal(O("640"), ModeOf(Dir["f"]));
    }

    [Fact]
    public async Task ACreatedDirectoryAndAReplacedLinkAreUndone()
    {
        await ApplyThenUndo(File(Dir["d/"], r => r.State = "exists"));
        Assert.False(Directory.Exists(Dir["d"]));

        Posix.Symlink("old-target", Dir["link"]);
        await ApplyThenUndo(File(Dir["link"], r => { r.State = "exists"; r.Symlink = true; r.Source = "new-target"; }));
        Assert.Equal("old-target", Posix.ReadLink(Dir["link"]));
    }

    [Fact]
    public async Task ARemovedLinkComesBack()
    {
        Posix.Symlink("somewhere", Dir["link"]);
        await ApplyThenUndo(File(Dir["link"], r => { r.State = "absent"; r.Symlink = true; }));
        Assert.Equal("somewhere", Posix.ReadLink(Dir["link"]));
    }

    [Fact]
    public void NothingToUndoGivesNull()
    {
        Assert.Null(File(Dir["never"], r => r.State = "absent").Reversed());
        IO.File.WriteAllText(Dir["f"], "x");
        Assert.Null(File(Dir["f"], r => r.State = "exists").Reversed());
        Posix.Symlink("t", Dir["link"]);
        Assert.Null(File(Dir["link"], r => { r.State = "exists"; r.Symlink = true; r.Source = "t"; }).Reversed());
    }
}
