using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Mgmt.Platform.Processes;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Mount;

/// <summary>
/// Real mounts (a tmpfs, and an ext2 image through a loop device) on mount points in a temporary directory; the
/// fstab is a temporary file. Everything is unmounted afterwards.
/// </summary>
[Collection("mounts")]
public sealed class MountTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string Fstab => _dir["fstab"];

    public MountTests()
    {
        Directory.CreateDirectory(_dir["mnt"]);
        File.WriteAllText(Fstab, "# static file system information\nUUID=1234 / ext4 errors=remount-ro 0 1\n");
    }

    public void Dispose()
    {
        // Unmount whatever a failed test left, innermost first.
        foreach (var entry in MountTable.Read().Where(e => e.MountPoint.StartsWith(_dir.Path, StringComparison.Ordinal)).Reverse())
        {
            Run("umount", "-l", entry.MountPoint).GetAwaiter().GetResult();
        }
        _dir.Dispose();
    }

    private static void Require()
    {
        if (Posix.EffectiveUid != 0) Assert.Skip("mounting needs root");
    }

    private static Task<ProcessResult> Run(string program, params string[] args) =>
        ProcessRunner.RunAsync(new ProcessSpec { Command = program, Args = args }, CancellationToken.None);

    private MountResource Tmpfs(string state = "exists", Dictionary<string, string>? options = null) => new()
    {
        Name = _dir["mnt"], State = state, Device = "tmpfs", Type = "tmpfs",
        Options = options ?? new Dictionary<string, string> { ["size"] = "1m" }, FstabPath = Fstab,
    };

    [Fact]
    public async Task Mounts_a_tmpfs_and_records_it_in_fstab_then_unmounts_and_forgets_it()
    {
        Require();
        await using (var h = await ResourceHarness<MountResource>.StartAsync(Tmpfs(), watch: false))
        {
            Assert.False(await h.CheckApplyAsync(apply: false));
            Assert.Null(MountTable.At(_dir["mnt"]));

            Assert.False(await h.CheckApplyAsync());
            var mounted = MountTable.At(_dir["mnt"])!;
            Assert.Equal(("tmpfs", "tmpfs"), (mounted.Type, mounted.Source));
            var fstab = await File.ReadAllTextAsync(Fstab, TestContext.Current.CancellationToken);
            Assert.StartsWith("# static file system information\nUUID=1234 / ext4 errors=remount-ro 0 1\n", fstab, StringComparison.Ordinal);
            Assert.EndsWith($"tmpfs {_dir["mnt"]} tmpfs size=1m 0 0\n", fstab, StringComparison.Ordinal);
            Assert.True(await h.CheckApplyAsync());
        }

        await using (var h = await ResourceHarness<MountResource>.StartAsync(Tmpfs("absent"), watch: false))
        {
            Assert.False(await h.CheckApplyAsync());
            Assert.Null(MountTable.At(_dir["mnt"]));
            Assert.Equal("# static file system information\nUUID=1234 / ext4 errors=remount-ro 0 1\n", await File.ReadAllTextAsync(Fstab, TestContext.Current.CancellationToken));
            Assert.True(await h.CheckApplyAsync());
        }
    }

    [Fact]
    public async Task Changed_flags_remount_and_a_changed_fstab_line_is_replaced_in_place()
    {
        Require();
        await using var h = await ResourceHarness<MountResource>.StartAsync(Tmpfs(), watch: false);
        await h.ConvergeAsync();

        h.Resource.Options = new Dictionary<string, string> { ["size"] = "1m", ["ro"] = "", ["noexec"] = "" };
        Assert.False(await h.CheckApplyAsync());
        var mounted = MountTable.At(_dir["mnt"])!;
        Assert.True(mounted.MountOptions.ContainsKey("ro"));
        Assert.True(mounted.MountOptions.ContainsKey("noexec"));
        var lines = (await File.ReadAllLinesAsync(Fstab, TestContext.Current.CancellationToken)).Where(l => l.Contains(_dir["mnt"], StringComparison.Ordinal)).ToList();
        Assert.Equal($"tmpfs {_dir["mnt"]} tmpfs noexec,ro,size=1m 0 0", Assert.Single(lines));
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task Mounts_an_image_file_through_a_loop_device()
    {
        Require();
        if (!File.Exists("/dev/loop-control") || !File.Exists("/sbin/mkfs.ext2") && !File.Exists("/usr/sbin/mkfs.ext2"))
        {
            Assert.Skip("needs loop devices and mkfs.ext2 (e2fsprogs)");
        }
        var image = _dir["disk.img"];
        await using (var stream = File.Create(image)) stream.SetLength(4 << 20);
        Assert.True((await Run("mkfs.ext2", "-q", "-F", image)).Succeeded);
        var mount = new MountResource
        {
            Name = _dir["mnt"], State = "exists", Device = image, Type = "ext2",
            Options = new Dictionary<string, string> { ["loop"] = "" }, FstabPath = Fstab,
        };
        await using (var h = await ResourceHarness<MountResource>.StartAsync(mount, watch: false))
        {
            Assert.False(await h.CheckApplyAsync());
            Assert.StartsWith("/dev/loop", MountTable.At(_dir["mnt"])!.Source, StringComparison.Ordinal);
            Assert.True(await h.CheckApplyAsync());
        }
        mount.State = "absent";
        await using (var h = await ResourceHarness<MountResource>.StartAsync(mount, watch: false))
        {
            Assert.False(await h.CheckApplyAsync());
            Assert.Null(MountTable.At(_dir["mnt"]));
        }
    }

    [Fact]
    public async Task Something_else_mounted_there_a_missing_mount_point_and_a_bad_type_are_clear_errors()
    {
        Require();
        await using (var h = await ResourceHarness<MountResource>.StartAsync(new MountResource
        {
            Name = _dir["nowhere"], State = "exists", Device = "tmpfs", Type = "tmpfs", FstabPath = Fstab,
        }, watch: false))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
            Assert.Contains("does not exist or is not a directory", e.Message, StringComparison.Ordinal);
        }

        Assert.True((await Run("mount", "-t", "tmpfs", "other", _dir["mnt"])).Succeeded);
        await using (var h = await ResourceHarness<MountResource>.StartAsync(Tmpfs(), watch: false))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
            Assert.Contains("has other (tmpfs) mounted, not tmpfs; unmount it first", e.Message, StringComparison.Ordinal);
        }
        Assert.True((await Run("umount", _dir["mnt"])).Succeeded);

        var bogus = Tmpfs();
        bogus.Type = "nosuchfs";
        await using (var h = await ResourceHarness<MountResource>.StartAsync(bogus, watch: false))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
            Assert.Contains("mount failed", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_watch_sees_mounts_and_fstab_change()
    {
        Require();
        await using var h = await ResourceHarness<MountResource>.StartAsync(Tmpfs());
        Assert.True((await Run("mount", "-t", "tmpfs", "tmpfs", _dir["mnt"])).Succeeded);
        Assert.True(await h.Context.WaitForEventAsync(), "no event after a mount");
        h.Context.DrainEvents();
        Assert.True((await Run("umount", _dir["mnt"])).Succeeded);
        Assert.True(await h.Context.WaitForEventAsync(), "no event after an unmount");
        await Task.Delay(100, TestContext.Current.CancellationToken);
        h.Context.DrainEvents();
        await File.AppendAllTextAsync(Fstab, "# edited\n", TestContext.Current.CancellationToken);
        Assert.True(await h.Context.WaitForEventAsync(), "no event after fstab changed");
    }

    [Theory]
    [InlineData("relative", "exists", "tmpfs", "tmpfs", "must be the absolute path")]
    [InlineData("/mnt/x", "mounted", "tmpfs", "tmpfs", "state must be 'exists' or 'absent'")]
    [InlineData("/mnt/x", "exists", "", "tmpfs", "device is empty")]
    [InlineData("/mnt/x", "exists", "tmpfs", "", "type is empty")]
    [InlineData("/mnt/x", "exists", "my disk", "ext4", "contains white space")]
    public void Refuses_what_fstab_or_mount_could_not_take(string name, string state, string device, string type, string expected)
    {
        var e = Assert.Throws<ResourceValidationException>(new MountResource { Name = name, State = state, Device = device, Type = type }.Validate);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_with_spaces_are_escaped_and_read_back()
    {
        Assert.Equal("/mnt/my\\040disk", FstabText.Escape("/mnt/my disk"));
        Assert.Equal("/mnt/my disk", FstabText.Unescape("/mnt/my\\040disk"));
        Assert.Equal("defaults", FstabText.FormatOptions(new Dictionary<string, string>()));
        Assert.Equal("a,b=1", FstabText.FormatOptions(FstabText.ParseOptions("b=1,a")));
    }

    [Fact]
    public void Comes_after_its_mount_point_its_image_and_the_mounts_around_it()
    {
        var seeks = new MountResource { Name = "/srv/data/cache", State = "exists", Device = "/var/images/cache.img", Type = "ext4" }.AutoEdges().ToList();
        Assert.Equal(new ResourceUid("file", "/srv/data/cache/"), seeks[0].Candidates[0]);
        Assert.Equal(new ResourceUid("file", "/var/images/cache.img"), seeks[1].Candidates[0]);
        Assert.Equal(new ResourceUid("mount", "/srv/data"), seeks[2].Candidates[0]);
        Assert.True(seeks[2].StopWhenFound);
    }
}

[CollectionDefinition("mounts", DisableParallelization = true)]
public sealed class MountsCollection;
