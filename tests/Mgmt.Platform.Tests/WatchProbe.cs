using Mgmt.Platform.Watching;

namespace Mgmt.Platform.Tests;

/// <summary>One subscription to a hub, recording its notifications for a test to wait on.</summary>
public sealed class WatchProbe : IDisposable
{
    private readonly SemaphoreSlim _events = new(0);
    private readonly IDisposable _subscription;
    private int _count;

    public WatchProbe(InotifyHub hub, string path, WatchDepth depth = WatchDepth.Entry, Action? onEvent = null)
    {
        _subscription = hub.Subscribe(path, depth, () =>
        {
            onEvent?.Invoke();
            Interlocked.Increment(ref _count);
            _events.Release();
        });
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Forgets the notifications received so far.</summary>
    public void Reset()
    {
        while (_events.Wait(0))
        {
        }
    }

    /// <summary>
    /// Waits until no notification has arrived for a while, then forgets them all: one file operation can
    /// produce several kernel events that arrive after the first one was seen.
    /// </summary>
    public void Settle()
    {
        while (_events.Wait(150))
        {
        }
    }

    /// <summary>True when a notification arrives within the time limit (default 5 s).</summary>
    public bool Wait(int milliseconds = 5000) => _events.Wait(milliseconds);

    /// <summary>Runs an action and asserts that it produced a notification.</summary>
    public void Expect(Action change, string what)
    {
        Reset();
        change();
        Assert.True(Wait(), $"no notification after: {what}");
    }

    public void Dispose() => _subscription.Dispose();
}
