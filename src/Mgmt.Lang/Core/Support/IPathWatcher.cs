using Mgmt.Lang.Functions;
using Mgmt.Platform.Watching;

namespace Mgmt.Lang.Core.Support;

/// <summary>
/// Tells a stream when a path may have changed: created, written, deleted, renamed, or one of its parent
/// directories appearing or going. Spurious wake-ups are possible (callers re-read and compare); missed changes are
/// not.
/// </summary>
internal interface IPathWatcher : IDisposable
{
    /// <summary>The watched path, made absolute.</summary>
    string FullPath { get; }

    /// <summary>Completes at the next possible change of the path (or at once if one happened since the last wait).</summary>
    Task WaitAsync(CancellationToken cancel);
}

internal static class PathWatchers
{
    /// <summary>Watches through the host's shared inotify hub when it offers one, else through a private watcher.</summary>
    public static IPathWatcher Create(string path, IFunctionContext context) =>
        context.Services.GetService(typeof(InotifyHub)) is InotifyHub hub
            ? new HubPathWatcher(hub, path)
            : new FallbackPathWatcher(path, context.Time);
}
