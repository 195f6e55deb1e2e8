using Mgmt.Platform.Watching;

namespace Mgmt.Platform.Tests;

/// <summary>
/// Several subscriptions on one path (kept as one subscription, then as a list, then as one again) and one
/// listener serving several paths.
/// </summary>
public sealed class InotifyHubSharingTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly InotifyHub _hub = new();

    public void Dispose()
    {
        _hub.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void SubscriptionsOnOnePathComeAndGoIndependently()
    {
        var f = _dir["f"];
        var first = new WatchProbe(_hub, f);
        var second = new WatchProbe(_hub, f);
        var third = new WatchProbe(_hub, f);
        first.Expect(() => File.WriteAllText(f, "one"), "created, three subscribers");
        Assert.True(second.Wait());
        Assert.True(third.Wait());

        second.Dispose();
        first.Settle();
        third.Settle();
        second.Reset();
        first.Expect(() => File.AppendAllText(f, "two"), "modified, the second one gone");
        Assert.True(third.Wait());
        Assert.False(second.Wait(300));

        first.Dispose();
        third.Settle();
        first.Reset();
        third.Expect(() => File.AppendAllText(f, "three"), "modified, only the third one left");
        Assert.False(first.Wait(300));

        third.Dispose();
        Assert.Equal(0, _hub.KernelWatchCount);
    }

    [Fact]
    public void OneListenerServesSeveralPathsAtSeveralDepths()
    {
        Directory.CreateDirectory(_dir["d"]);
        var listener = new CountingListener();
        using var file = _hub.Subscribe(_dir["f"], WatchDepth.Entry, listener);
        using var children = _hub.Subscribe(_dir["d"], WatchDepth.Children, listener);

        File.WriteAllText(_dir["f"], "x");
        Assert.True(listener.Wait(), "no notification for the file");
        listener.Settle();
        File.WriteAllText(_dir["d/inside"], "y");
        Assert.True(listener.Wait(), "no notification for the directory's child");
        listener.Settle();

        file.Dispose();
        File.AppendAllText(_dir["f"], "more");
        Assert.False(listener.Wait(300), "the file's subscription was disposed");
    }

    [Fact]
    public void AListenerIsRequired() =>
        Assert.Throws<ArgumentNullException>(() => _hub.Subscribe(_dir["f"], WatchDepth.Entry, (IWatchListener)null!));

    private sealed class CountingListener : IWatchListener
    {
        private readonly SemaphoreSlim _events = new(0);

        public void OnChange() => _events.Release();

        public bool OnBroken(Exception error) => false;

        public bool Wait(int milliseconds = 5000) => _events.Wait(milliseconds);

        public void Settle()
        {
            while (_events.Wait(150))
            {
            }
        }
    }
}
