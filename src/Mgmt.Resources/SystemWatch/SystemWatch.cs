using Mgmt.Engine.Resources;
using Mgmt.Platform.Procfs;
using Mgmt.Platform.Watching;

namespace Mgmt.Resources;

/// <summary>
/// The watch loop shared by the system resources (users, groups, packages, mounts, kernel settings): subscribe to
/// files through the host's shared inotify hub and to kernel files through the shared procfs monitor (private
/// ones when the host has none, as in tests), optionally poll on a timer what has no change notification, call
/// <see cref="IResourceContext.Running"/>, then turn every change into an event until cancelled. A watch that
/// breaks (a kernel limit, a vanished file the kernel closed) ends with an error the engine retries.
/// </summary>
internal sealed class SystemWatch
{
    private readonly List<(string Path, WatchDepth Depth)> _files = [];
    private readonly List<string> _kernelFiles = [];

    /// <summary>Watches a path (existing or not yet) with the inotify hub.</summary>
    public SystemWatch File(string path, WatchDepth depth = WatchDepth.Entry)
    {
        _files.Add((path, depth));
        return this;
    }

    /// <summary>Watches a procfs file that reports changes through poll (mountinfo, hostname).</summary>
    public SystemWatch KernelFile(string path)
    {
        _kernelFiles.Add(path);
        return this;
    }

    /// <summary>Also wakes up every interval and asks <see cref="Poll"/> whether something changed.</summary>
    public TimeSpan? PollInterval { get; set; }

    /// <summary>Called on each poll tick; returns true when the state changed since the previous tick.</summary>
    public Func<bool>? Poll { get; set; }

    public async Task RunAsync(IResourceContext context, string what, CancellationToken cancel)
    {
        var inotify = context.Services.GetService(typeof(InotifyHub)) as InotifyHub;
        var procfs = context.Services.GetService(typeof(ProcChangeMonitor)) as ProcChangeMonitor;
        InotifyHub? ownInotify = null;
        ProcChangeMonitor? ownProcfs = null;
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscriptions = new List<IDisposable>();
        void OnError(Exception e) => failed.TrySetException(new IOException($"cannot watch {what} any more: {e.Message}", e));
        try
        {
            if (_files.Count > 0) inotify ??= ownInotify = new InotifyHub(context.Logger);
            foreach (var (path, depth) in _files) subscriptions.Add(inotify!.Subscribe(path, depth, context.Event, OnError));
            if (_kernelFiles.Count > 0) procfs ??= ownProcfs = new ProcChangeMonitor(context.Logger);
            foreach (var path in _kernelFiles) subscriptions.Add(procfs!.Subscribe(path, context.Event, OnError));
            context.Running();
            if (PollInterval is { } interval && Poll is { } poll)
            {
                using var timer = new PeriodicTimer(interval, context.Time);
                var ended = failed.Task;
                while (!ended.IsCompleted)
                {
                    var tick = timer.WaitForNextTickAsync(cancel).AsTask();
                    if (await Task.WhenAny(tick, ended).ConfigureAwait(false) == ended) break;
                    if (!await tick.ConfigureAwait(false)) break;
                    if (poll()) context.Event();
                }
            }
            await failed.Task.WaitAsync(cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var s in subscriptions) s.Dispose();
            ownInotify?.Dispose();
            ownProcfs?.Dispose();
        }
    }
}
