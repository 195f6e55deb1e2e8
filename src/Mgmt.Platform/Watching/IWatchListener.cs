namespace Mgmt.Platform.Watching;

/// <summary>
/// What an <see cref="InotifyHub"/> subscription calls back. A consumer that watches many paths (a file resource
/// per watched file) can be its own listener instead of handing the hub two delegates per path.
/// </summary>
public interface IWatchListener
{
    /// <summary>Something at or below the path may have changed. Runs on the hub's reader thread: keep it short.</summary>
    void OnChange();

    /// <summary>The hub can no longer watch the path. Returns false when the consumer has no way to handle it (the hub logs it).</summary>
    bool OnBroken(Exception error);
}
