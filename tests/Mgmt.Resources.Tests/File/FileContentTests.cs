using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Mgmt.Platform.Files;
using Mgmt.Resources.Tests.Support;
using IO = System.IO;

namespace Mgmt.Resources.Tests.FileResources;

public sealed class FileContentTests : FileTestBase
{
    [Fact]
    public async Task ContentIsWrittenAndThenLeftAlone()
    {
        var path = Dir["f"];
        await ApplyAndSettle(File(path, r => { r.State = "exists"; r.Content = "hello\n"; }));
        Assert.Equal("hello\n", IO.File.ReadAllText(path));

        IO.File.WriteAllText(path, "tampered");
        await ApplyAndSettle(File(path, r => r.Content = "hello\n"));
        Assert.Equal("hello\n", IO.File.ReadAllText(path));
    }

    [Fact]
    public async Task EmptyContentIsNotTheSameAsNoContent()
    {
        var path = Dir["f"];
        IO.File.WriteAllText(path, "something");
        Assert.True(await ApplyOnce(File(path)));
        Assert.Equal("something", IO.File.ReadAllText(path));
        await ApplyAndSettle(File(path, r => r.Content = ""));
        Assert.Equal("", IO.File.ReadAllText(path));
    }

    [Fact]
    public async Task ReplacingContentKeepsModeAndOwner()
    {
        var path = Dir["f"];
        IO.File.WriteAllText(path, "old");
        Posix.Chmod(path, O("640"));
        if (Posix.EffectiveUid == 0) Posix.Chown(path, 65534, 65534);
        await ApplyAndSettle(File(path, r => r.Content = "new"));
        Assert.Equal(O("640"), ModeOf(path));
        if (Posix.EffectiveUid == 0) Assert.Equal(65534u, Posix.TryStat(path)!.Value.Uid);
    }

    [Fact]
    public async Task ASameSizeChangeIsStillSeen()
    {
        var path = Dir["f"];
        await using var h = await ResourceHarness<FileResource>.StartAsync(File(path, r => { r.State = "exists"; r.Content = "aaaa"; }), watch: false);
        Assert.False(await h.CheckApplyAsync());
        Assert.True(await h.CheckApplyAsync());
        IO.File.WriteAllText(path, "bbbb");
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("aaaa", IO.File.ReadAllText(path));
    }

    [Fact]
    public async Task ReceivedContentReplacesTheOldOne()
    {
        var path = Dir["f"];
        var r = File(path, r => { r.State = "exists"; r.Content = "first"; });
        await using var h = await ResourceHarness<FileResource>.StartAsync(r, watch: false);
        await h.ConvergeAsync();
        Assert.Equal("first", IO.File.ReadAllText(path));

        // The engine sets the parameter, then says it changed.
        r.Content = "second";
        h.Context.ReceivedValues["content"] = new ReceivedValue(Value.Str("second"), Changed: true);
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("second", IO.File.ReadAllText(path));
        Assert.IsAssignableFrom<IReceivable>(r);
    }

    [Fact]
    public async Task ContentIsWrittenThroughASymlinkUnlessForced()
    {
        IO.File.WriteAllText(Dir["real"], "old");
        Posix.Symlink("real", Dir["link"]);
        await ApplyAndSettle(File(Dir["link"], r => r.Content = "through the link"));
        Assert.Equal("through the link", IO.File.ReadAllText(Dir["real"]));
        Assert.True(Posix.TryLstat(Dir["link"])!.Value.IsSymlink);

        await ApplyAndSettle(File(Dir["link"], r => { r.Content = "replaces the link"; r.Force = true; }));
        Assert.True(Posix.TryLstat(Dir["link"])!.Value.IsRegular);
        Assert.Equal("through the link", IO.File.ReadAllText(Dir["real"]));
    }

    [Fact]
    public async Task FragmentsAreConcatenatedInOrder()
    {
        Directory.CreateDirectory(Dir["parts"]);
        IO.File.WriteAllText(Dir["head"], "head\n");
        IO.File.WriteAllText(Dir["parts/b"], "b\n");
        IO.File.WriteAllText(Dir["parts/a"], "a\n");
        Directory.CreateDirectory(Dir["parts/skipped-dir"]);
        var r = File(Dir["out"], r => { r.State = "exists"; r.Fragments = [Dir["head"], Dir["parts/"]]; });
        await ApplyAndSettle(r);
        Assert.Equal("head\na\nb\n", IO.File.ReadAllText(Dir["out"]));

        IO.File.WriteAllText(Dir["parts/c"], "c\n");
        await ApplyAndSettle(r.Copy() as FileResource ?? throw new InvalidOperationException());
        Assert.Equal("head\na\nb\nc\n", IO.File.ReadAllText(Dir["out"]));

        var error = await Assert.ThrowsAsync<IOException>(() => ApplyOnce(File(Dir["out"], r => r.Fragments = [Dir["missing"]])));
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public async Task ASourceFileIsCopiedWithItsMode()
    {
        IO.File.WriteAllText(Dir["src"], "from source");
        Posix.Chmod(Dir["src"], O("750"));
        await ApplyAndSettle(File(Dir["dst"], r => { r.State = "exists"; r.Source = Dir["src"]; }));
        Assert.Equal("from source", IO.File.ReadAllText(Dir["dst"]));
        Assert.Equal(O("750"), ModeOf(Dir["dst"]));

        IO.File.WriteAllText(Dir["src"], "source changed");
        await ApplyAndSettle(File(Dir["dst"], r => r.Source = Dir["src"]));
        Assert.Equal("source changed", IO.File.ReadAllText(Dir["dst"]));
    }

    [Fact]
    public async Task AnInPlaceOverwriteIsSeenDespiteTheVerifiedCache()
    {
        // Same inode, same size, no truncation: only the change stamps tell the cache that it is stale.
        var path = Dir["f"];
        using var context = new TestResourceContext();
        await using var h = await ResourceHarness<FileResource>.StartAsync(File(path, r => { r.State = "exists"; r.Content = "12345"; }), context, watch: false);
        await h.ConvergeAsync();
        Assert.True(await h.CheckApplyAsync());
        using (var f = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            f.Write("54321"u8);
        }
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("12345", IO.File.ReadAllText(path));
    }
}
