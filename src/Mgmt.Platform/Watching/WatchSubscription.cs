namespace Mgmt.Platform.Watching;

/// <summary>One consumer's interest in one path; disposing it ends the interest.</summary>
internal sealed class WatchSubscription(InotifyHub hub, WatchNode node, WatchDepth depth, IWatchListener listener)
    : IDisposable
{
    private int _active = 1;

    public WatchNode Node { get; } = node;
    public WatchDepth Depth { get; } = depth;

    public bool Active => Volatile.Read(ref _active) == 1;

    public void Notify()
    {
        if (Active) listener.OnChange();
    }

    /// <summary>Reports a problem; returns false when the consumer gave no error handler.</summary>
    public bool Fail(Exception error) => Active && listener.OnBroken(error);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _active, 0) == 1) hub.Unsubscribe(this);
    }

    public override string ToString() => $"{Depth} {Node.Path}";
}

/// <summary>The listener of a subscription given as delegates.</summary>
internal sealed class DelegateListener(Action onChange, Action<Exception>? onError) : IWatchListener
{
    public void OnChange() => onChange();

    public bool OnBroken(Exception error)
    {
        if (onError is null) return false;
        onError(error);
        return true;
    }
}
