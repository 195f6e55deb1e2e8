using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Mgmt.Platform.Watching;
using Mgmt.Resources.Tests.Support;
using IO = System.IO;

namespace Mgmt.Resources.Tests.FileResources;

public sealed class FileWatchTests : FileTestBase
{
    /// <summary>Starts the resource with its watch, converges it, and forgets the events its own writes caused.</summary>
    private static async Task<ResourceHarness<FileResource>> Converged(FileResource r, TestResourceContext? context = null)
    {
        var h = await ResourceHarness<FileResource>.StartAsync(r, context);
        await h.ConvergeAsync();
        await Task.Delay(50, Ct);
        h.Context.DrainEvents();
        return h;
    }

    private static async Task ExpectRepair(ResourceHarness<FileResource> h, Action drift, string what)
    {
        h.Context.DrainEvents();
        drift();
        Assert.True(await h.Context.WaitForEventAsync(), $"no watch event after: {what}");
        Assert.False(await h.CheckApplyAsync(), $"nothing was repaired after: {what}");
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task DeletionContentModeAndOwnerDriftAreSeenAndRepaired()
    {
        var path = Dir["f"];
        await using var h = await Converged(File(path, r => { r.State = "exists"; r.Content = "managed\n"; r.Mode = "0644"; }));

        await ExpectRepair(h, () => IO.File.Delete(path), "delete");
        Assert.Equal("managed\n", IO.File.ReadAllText(path));
        await ExpectRepair(h, () => IO.File.AppendAllText(path, "drift"), "append");
        Assert.Equal("managed\n", IO.File.ReadAllText(path));
        await ExpectRepair(h, () => Posix.Chmod(path, O("600")), "chmod");
        Assert.Equal(O("644"), ModeOf(path));
        await ExpectRepair(h, () => IO.File.Move(path, Dir["moved"]), "move away");
        Assert.True(IO.File.Exists(path));
    }

    [Fact]
    public async Task OwnerDriftIsRepaired()
    {
        Assert.SkipUnless(Posix.EffectiveUid == 0, "changing owners needs root");
        var path = Dir["f"];
        await using var h = await Converged(File(path, r => { r.State = "exists"; r.Owner = "root"; }));
        await ExpectRepair(h, () => Posix.Chown(path, 65534, null), "chown");
        Assert.Equal(0u, Posix.TryStat(path)!.Value.Uid);
    }

    [Fact]
    public async Task AMissingParentDirectoryIsFollowed()
    {
        var path = Dir["later/deeper/f"];
        await using var h = await ResourceHarness<FileResource>.StartAsync(File(path, r => r.Content = "x"));
        Directory.CreateDirectory(Dir["later/deeper"]);
        Assert.True(await h.Context.WaitForEventAsync());
        h.Context.DrainEvents();
        IO.File.WriteAllText(path, "y");
        Assert.True(await h.Context.WaitForEventAsync());
        await h.ConvergeAsync();
        Assert.Equal("x", IO.File.ReadAllText(path));
    }

    [Fact]
    public async Task SourceAndFragmentChangesAreEvents()
    {
        IO.File.WriteAllText(Dir["src"], "v1");
        await using var copy = await Converged(File(Dir["dst"], r => { r.State = "exists"; r.Source = Dir["src"]; }));
        await ExpectRepair(copy, () => IO.File.WriteAllText(Dir["src"], "v2"), "source changed");
        Assert.Equal("v2", IO.File.ReadAllText(Dir["dst"]));

        Directory.CreateDirectory(Dir["frags"]);
        await using var joined = await Converged(File(Dir["out"], r => { r.State = "exists"; r.Fragments = [Dir["frags/"]]; }));
        await ExpectRepair(joined, () => IO.File.WriteAllText(Dir["frags/1"], "one"), "fragment added");
        Assert.Equal("one", IO.File.ReadAllText(Dir["out"]));
    }

    [Fact]
    public async Task ASourceTreeIsWatchedRecursively()
    {
        Directory.CreateDirectory(Dir["src/a/b"]);
        await using var h = await Converged(File(Dir["dst/"], r => { r.State = "exists"; r.Source = Dir["src/"]; r.Recurse = true; }));
        await ExpectRepair(h, () => IO.File.WriteAllText(Dir["src/a/b/new"], "deep"), "new file deep in the source");
        Assert.Equal("deep", IO.File.ReadAllText(Dir["dst/a/b/new"]));
        await ExpectRepair(h, () => IO.File.Delete(Dir["dst/a/b/new"]), "copy deleted");
        Assert.True(IO.File.Exists(Dir["dst/a/b/new"]));
    }

    [Fact]
    public async Task TheSharedHubFromTheHostIsUsed()
    {
        using var hub = new InotifyHub();
        using var context = new TestResourceContext();
        context.ServiceMap.Add(hub);
        await using (var h = await Converged(File(Dir["f"], r => { r.State = "exists"; r.Content = "x"; }), context))
        {
            Assert.True(hub.KernelWatchCount > 0);
            await ExpectRepair(h, () => IO.File.Delete(Dir["f"]), "delete");
        }
        Assert.Equal(0, hub.KernelWatchCount);
    }

    [Fact]
    public async Task WithTheSharedHubTheWatchIsSubscriptionsWithoutATask()
    {
        using var hub = new InotifyHub();
        using var context = new TestResourceContext();
        context.ServiceMap.Add(hub);
        IO.File.WriteAllText(Dir["src"], "v1");
        await using var h = await ResourceHarness<FileResource>.StartAsync(
            File(Dir["dst"], r => { r.State = "exists"; r.Source = Dir["src"]; }), context, watch: false);
        var broken = new List<Exception>();
        var watch = h.Resource.StartWatch(new RecordingOwner(broken));
        Assert.NotNull(watch);
        Assert.True(context.WhenRunning.IsCompleted, "the watch did not say it is running");
        await h.ConvergeAsync();
        await Task.Delay(50, Ct);
        context.DrainEvents();

        // Both the managed file and its source are watched.
        IO.File.WriteAllText(Dir["src"], "v2");
        Assert.True(await context.WaitForEventAsync(), "no event after the source changed");
        context.DrainEvents();
        IO.File.Delete(Dir["dst"]);
        Assert.True(await context.WaitForEventAsync(), "no event after the file was deleted");

        watch.Dispose();
        Assert.Equal(0, hub.KernelWatchCount);
        Assert.Empty(broken);
    }

    [Fact]
    public async Task WithoutASharedHubTheSubscribedWatchDeclines()
    {
        await using var h = await ResourceHarness<FileResource>.StartAsync(
            File(Dir["f"], r => { r.State = "exists"; r.Content = "x"; }), watch: false);
        Assert.Null(h.Resource.StartWatch(new RecordingOwner([])));
        Assert.False(h.Context.WhenRunning.IsCompleted);
    }

    [Fact]
    public void OnlyFilledDirectoriesWatchTheirContent()
    {
        Assert.Equal(WatchDepth.Entry, File(Dir["d/"], r => r.State = "exists").WatchedPaths().Single().Depth);
        Assert.Equal(
            WatchDepth.Recursive,
            File(Dir["d/"], r => { r.Source = Dir["s/"]; r.Recurse = true; }).WatchedPaths().First().Depth);
    }

    /// <summary>Stands for the engine's vertex: keeps what the watch reports as broken.</summary>
    private sealed class RecordingOwner(List<Exception> broken) : IWatchOwner
    {
        public void WatchBroke(Exception error) => broken.Add(error);
    }
}
