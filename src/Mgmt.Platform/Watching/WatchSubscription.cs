namespace Mgmt.Platform.Watching;

/// <summary>One consumer's interest in one path; disposing it ends the interest.</summary>
internal sealed class WatchSubscription(InotifyHub hub, WatchNode node, WatchDepth depth, Action onChange, Action<Exception>? onError)
    : IDisposable
{
    private int _active = 1;

    public WatchNode Node { get; } = node;
    public WatchDepth Depth { get; } = depth;

    public bool Active => Volatile.Read(ref _active) == 1;

    public void Notify()
    {
        if (Active) onChange();
    }

    /// <summary>Reports a problem; returns false when the consumer gave no error handler.</summary>
    public bool Fail(Exception error)
    {
        if (!Active || onError is null) return false;
        onError(error);
        return true;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _active, 0) == 1) hub.Unsubscribe(this);
    }

    public override string ToString() => $"{Depth} {Node.Path}";
}
