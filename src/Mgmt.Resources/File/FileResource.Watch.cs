using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Mgmt.Platform.Watching;

namespace Mgmt.Resources;

// Watch: the managed path, what a symlink there leads to, the source and the fragments, all through the
// host's shared inotify hub (or a private one when the host has none, as in tests).
public sealed partial class FileResource : ISubscribedWatch, IWatchListener
{
    // Who is told when a subscription breaks. The resource is its subscriptions' listener itself: two delegates
    // per watched path would be 128 bytes per file.
    private IWatchOwner? _owner;

    /// <summary>
    /// The watch as subscriptions to the host's shared hub: no task per resource while it sits idle. Without a
    /// shared hub (as in tests) it declines, and the engine runs <see cref="WatchAsync"/> with a hub of its own.
    /// </summary>
    public IDisposable? StartWatch(IWatchOwner owner)
    {
        if (Context.Services.GetService(typeof(InotifyHub)) is not InotifyHub hub) return null;
        _owner = owner;
        IDisposable? single = null;
        List<IDisposable>? more = null;
        try
        {
            foreach (var (path, depth) in WatchedPaths())
            {
                var subscription = hub.Subscribe(path, depth, this);
                if (single is null) single = subscription;
                else (more ??= [single]).Add(subscription);
            }
        }
        catch
        {
            if (more is not null) foreach (var s in more) s.Dispose();
            else single?.Dispose();
            throw;
        }
        Context.Running();
        // Most files watch one path: that subscription is the whole watch.
        return more is not null ? new Subscriptions(more) : single ?? new Subscriptions([]);
    }

    void IWatchListener.OnChange() => Context.Event();

    bool IWatchListener.OnBroken(Exception error)
    {
        if (_owner is not { } owner) return false;
        owner.WatchBroke(error);
        return true;
    }

    private sealed class Subscriptions(List<IDisposable> all) : IDisposable
    {
        public void Dispose()
        {
            foreach (var s in all) s.Dispose();
        }
    }

    public override async Task WatchAsync(CancellationToken cancel)
    {
        var shared = Context.Services.GetService(typeof(InotifyHub)) as InotifyHub;
        var own = shared is null ? new InotifyHub(Context.Logger) : null;
        var hub = shared ?? own!;
        // Ends with an exception when the watch breaks, and normally when cancelled: stopping 10,000 file
        // resources then costs no exception each (a thrown exception costs tens of microseconds).
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscriptions = new List<IDisposable>();
        void OnError(Exception e) => ended.TrySetException(new IOException($"cannot watch {FullPath} any more: {e.Message}", e));
        using var stop = cancel.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetResult(), ended);
        try
        {
            foreach (var (path, depth) in WatchedPaths())
            {
                subscriptions.Add(hub.Subscribe(path, depth, Context.Event, OnError));
            }
            Context.Running();
            await ended.Task.ConfigureAwait(false);
        }
        finally
        {
            foreach (var s in subscriptions) s.Dispose();
            own?.Dispose();
        }
    }

    /// <summary>Everything whose change may make this resource's state wrong.</summary>
    internal IEnumerable<(string Path, WatchDepth Depth)> WatchedPaths()
    {
        var path = EntryPath;
        // A directory's own content matters only when it is filled from a source or purged.
        var depth = !IsDirectory || !(HasSource || Purge) ? WatchDepth.Entry : Recurse ? WatchDepth.Recursive : WatchDepth.Children;
        yield return (path, depth);

        // Content written through a symlink lands in its target, which lives elsewhere.
        if (!Symlink && !Force && Posix.TryLstat(path) is { IsSymlink: true })
        {
            yield return (FollowLinks(path), depth);
        }
        if (HasSource && !Symlink)
        {
            yield return (PathText.Clean(Source), Source.EndsWith('/') ? WatchDepth.Recursive : WatchDepth.Entry);
        }
        foreach (var fragment in Fragments ?? [])
        {
            yield return (PathText.Clean(fragment), fragment.EndsWith('/') ? WatchDepth.Children : WatchDepth.Entry);
        }
    }
}
