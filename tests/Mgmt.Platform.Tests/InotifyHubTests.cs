using Mgmt.Platform.Files;
using Mgmt.Platform.Watching;

namespace Mgmt.Platform.Tests;

public sealed class InotifyHubTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly InotifyHub _hub = new();

    public void Dispose()
    {
        _hub.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void AFileReportsCreateModifyChmodMoveAndDelete()
    {
        var f = _dir["f"];
        using var probe = new WatchProbe(_hub, f);
        probe.Expect(() => File.WriteAllText(f, "one"), "create");
        probe.Expect(() => File.AppendAllText(f, "two"), "modify");
        probe.Expect(() => Posix.Chmod(f, Convert.ToUInt32("600", 8)), "chmod");
        probe.Expect(() => File.Move(f, _dir["g"]), "move away");
        probe.Expect(() => File.Move(_dir["g"], f), "move back");
        probe.Expect(() => File.Delete(f), "delete");
    }

    [Fact]
    public void ChangesToOtherFilesInTheDirectoryAreNotReported()
    {
        File.WriteAllText(_dir["f"], "x");
        using var probe = new WatchProbe(_hub, _dir["f"]);
        File.WriteAllText(_dir["other"], "y");
        File.Delete(_dir["other"]);
        Assert.False(probe.Wait(300));
    }

    [Fact]
    public void APathThatDoesNotExistYetIsFollowedAsItsPartsAppear()
    {
        var target = _dir["a/b/c/file"];
        using var probe = new WatchProbe(_hub, target);
        probe.Expect(() => Directory.CreateDirectory(_dir["a/b/c"]), "parents created");
        probe.Expect(() => File.WriteAllText(target, "x"), "file created deep down");
        probe.Expect(() => File.WriteAllText(target, "changed"), "file modified after the watch moved down");
        probe.Expect(() => Directory.Delete(_dir["a"], recursive: true), "whole tree deleted");
        probe.Expect(() => Directory.CreateDirectory(_dir["a/b/c"]), "tree recreated");
        probe.Expect(() => File.WriteAllText(target, "again"), "file recreated");
    }

    [Fact]
    public void ARenamedAncestorIsNoticed()
    {
        Directory.CreateDirectory(_dir["a/b"]);
        File.WriteAllText(_dir["a/b/f"], "x");
        using var probe = new WatchProbe(_hub, _dir["a/b/f"]);
        probe.Expect(() => Directory.Move(_dir["a"], _dir["z"]), "ancestor renamed");
        // The watch must not follow the moved directory: changes there are not about our path.
        probe.Settle();
        File.WriteAllText(_dir["z/b/f"], "moved one changed");
        Assert.False(probe.Wait(300), "a change in the moved-away directory was reported");
        probe.Expect(() => Directory.Move(_dir["z"], _dir["a"]), "ancestor renamed back");
        probe.Expect(() => File.WriteAllText(_dir["a/b/f"], "y"), "change after the move back");
    }

    [Fact]
    public void ADirectoryWithChildrenDepthSeesItsDirectChildren()
    {
        Directory.CreateDirectory(_dir["d/sub"]);
        using var probe = new WatchProbe(_hub, _dir["d"] + "/", WatchDepth.Children);
        probe.Expect(() => File.WriteAllText(_dir["d/child"], "x"), "child created");
        probe.Expect(() => Posix.Chmod(_dir["d"], Convert.ToUInt32("700", 8)), "the directory itself changed");
        probe.Settle();
        File.WriteAllText(_dir["d/sub/deeper"], "x");
        Assert.False(probe.Wait(300), "a grandchild was reported without Recursive");
    }

    [Fact]
    public void RecursiveWatchesFollowNewSubdirectories()
    {
        Directory.CreateDirectory(_dir["r/existing/deep"]);
        using var probe = new WatchProbe(_hub, _dir["r"], WatchDepth.Recursive);
        probe.Expect(() => File.WriteAllText(_dir["r/existing/deep/f"], "x"), "file in existing subdirectory");
        probe.Expect(() => Directory.CreateDirectory(_dir["r/new"]), "new subdirectory");
        probe.Expect(() => File.WriteAllText(_dir["r/new/f"], "x"), "file in new subdirectory");
        probe.Expect(() => Directory.CreateDirectory(_dir["r/new/x/y"]), "nested new subdirectories");
        probe.Expect(() => File.WriteAllText(_dir["r/new/x/y/f"], "x"), "file in nested new subdirectory");
        probe.Expect(() => Directory.Delete(_dir["r/new"], recursive: true), "subtree deleted");
    }

    [Fact]
    public void ManyFilesInOneDirectoryShareOneKernelWatch()
    {
        Directory.CreateDirectory(_dir["many"]);
        var depth = PathText.Split(_dir["many"]).Count + 1; // "/" and every directory down to "many"
        var probes = Enumerable.Range(0, 2000).Select(i => new WatchProbe(_hub, _dir[$"many/f{i}"])).ToList();
        Assert.Equal(depth, _hub.KernelWatchCount);

        probes[1234].Expect(() => File.WriteAllText(_dir["many/f1234"], "x"), "one of many files created");
        Assert.Equal(0, probes[1233].Count);

        foreach (var p in probes) p.Dispose();
        Assert.Equal(0, _hub.KernelWatchCount);
    }

    [Fact]
    public void UnsubscribedProbesGetNothingMore()
    {
        var f = _dir["f"];
        var probe = new WatchProbe(_hub, f);
        probe.Dispose();
        File.WriteAllText(f, "x");
        Assert.False(probe.Wait(300));
        Assert.Equal(0, _hub.KernelWatchCount);
    }

    [Fact]
    public void AQueueOverflowNotifiesEveryone()
    {
        Directory.CreateDirectory(_dir["busy"]);
        Directory.CreateDirectory(_dir["quiet"]);
        using var gate = new ManualResetEventSlim(false);
        var first = true;
        // The busy probe's first callback holds the reader thread, so that the kernel queue overflows.
        using var busy = new WatchProbe(_hub, _dir["busy"], WatchDepth.Children, () =>
        {
            if (first)
            {
                first = false;
                gate.Wait(TimeSpan.FromSeconds(30));
            }
        });
        using var quiet = new WatchProbe(_hub, _dir["quiet/file"]);

        File.WriteAllText(_dir["busy/trigger"], "x");
        var limit = int.Parse(File.ReadAllText("/proc/sys/fs/inotify/max_queued_events").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i <= limit / 2 + 100; i++)
        {
            var name = _dir[$"busy/n{i}"];
            File.WriteAllBytes(name, []);
            File.Delete(name);
        }
        gate.Set();

        Assert.True(quiet.Wait(), "the overflow was not reported to an unrelated subscriber");
        // And the hub keeps working afterwards.
        quiet.Expect(() => File.WriteAllText(_dir["quiet/file"], "x"), "change after the overflow");
    }

    [Fact]
    public void ADeletedWatchedDirectoryIsWatchedAgainWhenRecreated()
    {
        Directory.CreateDirectory(_dir["d"]);
        using var probe = new WatchProbe(_hub, _dir["d/f"]);
        probe.Expect(() => Directory.Delete(_dir["d"]), "directory deleted");
        probe.Expect(() => Directory.CreateDirectory(_dir["d"]), "directory recreated");
        probe.Expect(() => File.WriteAllText(_dir["d/f"], "x"), "file created in the recreated directory");
    }

    [Fact]
    public void ACallbackMaySubscribeAndUnsubscribe()
    {
        IDisposable? inner = null;
        using var done = new ManualResetEventSlim(false);
        using var outer = _hub.Subscribe(_dir["f"], WatchDepth.Entry, () =>
        {
            inner ??= _hub.Subscribe(_dir["g"], WatchDepth.Entry, done.Set);
        });
        File.WriteAllText(_dir["f"], "x");
        SpinWait.SpinUntil(() => Volatile.Read(ref inner) is not null, 5000);
        File.WriteAllText(_dir["g"], "x");
        Assert.True(done.Wait(5000, TestContext.Current.CancellationToken));
        inner!.Dispose();
    }

    [Fact]
    public void ADirectoryReachedThroughASymlinkSharesItsWatch()
    {
        Directory.CreateDirectory(_dir["real"]);
        Posix.Symlink(_dir["real"], _dir["alias"]);
        using var direct = new WatchProbe(_hub, _dir["real/f"]);
        var viaLink = new WatchProbe(_hub, _dir["alias/f"]);
        viaLink.Expect(() => File.WriteAllText(_dir["real/f"], "x"), "write seen through the link");
        Assert.True(direct.Wait(), "write not seen directly");
        viaLink.Dispose();
        direct.Expect(() => File.WriteAllText(_dir["real/f"], "y"), "the direct watch survives the alias going away");
    }

    [Fact]
    public void RelativePathsAreRefused() =>
        Assert.Throws<ArgumentException>(() => _hub.Subscribe("relative/path", WatchDepth.Entry, () => { }));
}

public sealed class ChangeSignalTests
{
    [Fact]
    public async Task ManySetsBeforeAWaitCountAsOne()
    {
        var signal = new ChangeSignal();
        signal.Set();
        signal.Set();
        await signal.WaitAsync(TestContext.Current.CancellationToken);
        Assert.False(signal.TryConsume());
        var waiting = signal.WaitAsync(TestContext.Current.CancellationToken).AsTask();
        Assert.False(waiting.IsCompleted);
        signal.Set();
        await waiting.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }
}
