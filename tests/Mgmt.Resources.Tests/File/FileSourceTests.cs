using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Mgmt.Resources.Tests.Support;
using IO = System.IO;

namespace Mgmt.Resources.Tests.FileResources;

public sealed class FileSourceTests : FileTestBase
{
    private void MakeSourceTree()
    {
        Directory.CreateDirectory(Dir["src/sub/deeper"]);
        IO.File.WriteAllText(Dir["src/top"], "top");
        IO.File.WriteAllText(Dir["src/sub/mid"], "mid");
        IO.File.WriteAllText(Dir["src/sub/deeper/low"], "low");
        Posix.Chmod(Dir["src/sub/mid"], O("600"));
        Posix.Symlink("top", Dir["src/link"]);
    }

    [Fact]
    public async Task ASourceTreeIsCopied()
    {
        MakeSourceTree();
        await ApplyAndSettle(File(Dir["dst/"], r => { r.State = "exists"; r.Source = Dir["src/"]; r.Recurse = true; }));
        Assert.Equal("top", IO.File.ReadAllText(Dir["dst/top"]));
        Assert.Equal("mid", IO.File.ReadAllText(Dir["dst/sub/mid"]));
        Assert.Equal("low", IO.File.ReadAllText(Dir["dst/sub/deeper/low"]));
        Assert.Equal(O("600"), ModeOf(Dir["dst/sub/mid"]));
        Assert.Equal("top", Posix.ReadLink(Dir["dst/link"]));
    }

    [Fact]
    public async Task ChangesInTheSourceOrTheCopyAreRepairedAndExtrasKept()
    {
        MakeSourceTree();
        var r = File(Dir["dst/"], r => { r.State = "exists"; r.Source = Dir["src/"]; r.Recurse = true; });
        await ApplyAndSettle(r);
        IO.File.WriteAllText(Dir["src/sub/mid"], "mid changed");
        IO.File.Delete(Dir["dst/sub/deeper/low"]);
        IO.File.WriteAllText(Dir["dst/extra"], "not in the source");
        await ApplyAndSettle((FileResource)r.Copy());
        Assert.Equal("mid changed", IO.File.ReadAllText(Dir["dst/sub/mid"]));
        Assert.Equal("low", IO.File.ReadAllText(Dir["dst/sub/deeper/low"]));
        Assert.True(IO.File.Exists(Dir["dst/extra"]), "without purge, extra files stay");
    }

    [Fact]
    public async Task PurgeRemovesWhatNothingAccountsFor()
    {
        MakeSourceTree();
        Directory.CreateDirectory(Dir["dst/managed-dir/junk-dir"]);
        IO.File.WriteAllText(Dir["dst/extra"], "x");
        IO.File.WriteAllText(Dir["dst/managed"], "managed by another resource");
        IO.File.WriteAllText(Dir["dst/managed-dir/kept"], "managed deeper down");
        IO.File.WriteAllText(Dir["dst/managed-dir/junk"], "x");

        var purger = File(Dir["dst/"], r => { r.State = "exists"; r.Source = Dir["src/"]; r.Recurse = true; r.Purge = true; });
        using var context = new TestResourceContext
        {
            Graph = [purger, File(Dir["dst/managed"], r => r.Content = "x"), File(Dir["dst/managed-dir/kept"], r => r.State = "exists"), new NoopResource { Name = "n" }],
        };
        await ApplyAndSettle(purger, context);
        Assert.False(IO.File.Exists(Dir["dst/extra"]));
        Assert.True(IO.File.Exists(Dir["dst/managed"]));
        Assert.True(IO.File.Exists(Dir["dst/managed-dir/kept"]));
        Assert.False(IO.File.Exists(Dir["dst/managed-dir/junk"]));
        Assert.False(Directory.Exists(Dir["dst/managed-dir/junk-dir"]));
        Assert.Equal("top", IO.File.ReadAllText(Dir["dst/top"]));
    }

    [Fact]
    public async Task PurgeWithoutSourceEmptiesTheDirectory()
    {
        Directory.CreateDirectory(Dir["d/sub"]);
        IO.File.WriteAllText(Dir["d/a"], "x");
        var r = File(Dir["d/"], r => { r.State = "exists"; r.Recurse = true; r.Purge = true; });
        using var context = new TestResourceContext { Graph = [r] };
        await ApplyAndSettle(r, context);
        Assert.Empty(Directory.GetFileSystemEntries(Dir["d"]));
    }

    [Fact]
    public async Task PurgeRefusesWhenTheHostCannotTellWhatIsManaged()
    {
        Directory.CreateDirectory(Dir["d"]);
        IO.File.WriteAllText(Dir["d/a"], "x");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ApplyOnce(File(Dir["d/"], r => { r.State = "exists"; r.Recurse = true; r.Purge = true; })));
        Assert.Contains("purge needs to know", error.Message);
        Assert.True(IO.File.Exists(Dir["d/a"]));
    }

    [Fact]
    public async Task ATypeConflictInTheTreeNeedsForce()
    {
        MakeSourceTree();
        Directory.CreateDirectory(Dir["dst"]);
        IO.File.WriteAllText(Dir["dst/sub"], "a file where the source has a directory");
        var error = await Assert.ThrowsAsync<IOException>(() =>
            ApplyOnce(File(Dir["dst/"], r => { r.Source = Dir["src/"]; r.Recurse = true; })));
        Assert.Contains("force => true", error.Message);
        await ApplyAndSettle(File(Dir["dst/"], r => { r.Source = Dir["src/"]; r.Recurse = true; r.Force = true; }));
        Assert.Equal("low", IO.File.ReadAllText(Dir["dst/sub/deeper/low"]));
    }

    [Fact]
    public async Task AMissingSourceIsAClearError()
    {
        var error = await Assert.ThrowsAsync<IOException>(() =>
            ApplyOnce(File(Dir["dst"], r => { r.State = "exists"; r.Source = Dir["nope"]; })));
        Assert.Contains("source", error.Message);
        Assert.Contains("does not exist", error.Message);
    }
}
