using Mgmt.Platform.Files;
using Mgmt.Platform.Native;

namespace Mgmt.Platform.Tests;

public sealed class PosixTests
{
    [Fact]
    public void StatReportsKindModeAndOwner()
    {
        using var dir = new TempDir();
        var file = dir["f"];
        File.WriteAllText(file, "hello");
        Posix.Chmod(file, Convert.ToUInt32("640", 8));

        var s = Posix.TryLstat(file)!.Value;
        Assert.Equal(FileKind.Regular, s.Kind);
        Assert.Equal(Convert.ToUInt32("640", 8), s.Permissions);
        Assert.Equal(5, s.Size);
        Assert.Equal(Posix.EffectiveUid, s.Uid);
        Assert.True(Posix.TryLstat(dir.Path)!.Value.IsDirectory);
        Assert.Null(Posix.TryLstat(dir["missing"]));
        Assert.Null(Posix.TryLstat(file + "/below-a-file"));
    }

    [Fact]
    public void SymlinksAreSeenAsLinksByLstatAndFollowedByStat()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["target"], "x");
        Posix.Symlink("target", dir["link"]);
        Assert.Equal(FileKind.Symlink, Posix.TryLstat(dir["link"])!.Value.Kind);
        Assert.Equal(FileKind.Regular, Posix.TryStat(dir["link"])!.Value.Kind);
        Assert.Equal("target", Posix.ReadLink(dir["link"]));
        Assert.Null(Posix.ReadLink(dir["target"]));

        Posix.Symlink("/nowhere/at/all", dir["dangling"]);
        Assert.NotNull(Posix.TryLstat(dir["dangling"]));
        Assert.Null(Posix.TryStat(dir["dangling"]));
    }

    [Fact]
    public void ChownChangesOwnerWhenRoot()
    {
        Assert.SkipUnless(Posix.EffectiveUid == 0, "changing owners needs root");
        using var dir = new TempDir();
        File.WriteAllText(dir["f"], "x");
        Posix.Chown(dir["f"], 65534, 65534);
        var s = Posix.TryStat(dir["f"])!.Value;
        Assert.Equal(65534u, s.Uid);
        Assert.Equal(65534u, s.Gid);
        Posix.Chown(dir["f"], null, 0);
        s = Posix.TryStat(dir["f"])!.Value;
        Assert.Equal(65534u, s.Uid);
        Assert.Equal(0u, s.Gid);
    }

    [Fact]
    public void ErrorsNameTheCallAndThePath()
    {
        var e = Assert.Throws<PosixException>(() => Posix.Chmod("/no/such/file/here", 0));
        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.Equal("chmod /no/such/file/here: No such file or directory", e.Message);
    }

    [Fact]
    public void RemoveAllDeletesTreesWithoutFollowingLinks()
    {
        using var outside = new TempDir();
        File.WriteAllText(outside["keep"], "x");
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["a/b/c"]);
        File.WriteAllText(dir["a/b/c/f"], "x");
        Posix.Symlink(outside.Path, dir["a/link"]);

        Assert.True(Posix.RemoveAll(dir["a"]));
        Assert.False(Directory.Exists(dir["a"]));
        Assert.True(File.Exists(outside["keep"]));
        Assert.False(Posix.RemoveAll(dir["a"]));
        Assert.Throws<InvalidOperationException>(() => Posix.RemoveAll("/"));
    }

    [Fact]
    public void UmaskIsReadable() => Assert.True(Posix.ReadUmask() <= 0xFFF);
}
