using Mgmt.Platform.Files;
using Mgmt.Platform.Watching;

namespace Mgmt.Resources;

// Watch: the timer file through the host's shared inotify hub (someone edits or deletes it), and the timer
// through systemd's signals (stopped, elapsed, reloaded, enabled or disabled). No polling.
public sealed partial class CronResource
{
    public override async Task WatchAsync(CancellationToken cancel)
    {
        var manager = await Systemd.Connections.GetAsync(Scope, cancel).ConfigureAwait(false);
        var shared = Context.Services.GetService(typeof(InotifyHub)) as InotifyHub;
        var own = shared is null ? new InotifyHub(Context.Logger) : null;
        var hub = shared ?? own!;
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var path = Systemd.Settings.HostPath(TimerFilePath());
        IDisposable? file = null;
        try
        {
            file = hub.Subscribe(PathText.Clean(path), WatchDepth.Entry, Context.Event,
                e => failed.TrySetException(new IOException($"cannot watch {path} any more: {e.Message}", e)));
            using var timer = await manager.WatchUnitAsync(TimerUnit, Context.Event, e => failed.TrySetException(e), cancel).ConfigureAwait(false);
            Context.Running();
            await failed.Task.WaitAsync(cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        finally
        {
            file?.Dispose();
            own?.Dispose();
        }
    }
}
