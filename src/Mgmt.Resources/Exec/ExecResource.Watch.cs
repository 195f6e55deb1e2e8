using Mgmt.Platform.Files;
using Mgmt.Platform.Processes;
using Mgmt.Platform.Watching;

namespace Mgmt.Resources;

// Watch: each line printed by watchcmd is an event; so is any change to watchfiles, creates and mtimes. The
// watch command ending is an error (the engine restarts the watch with its retry settings).
public sealed partial class ExecResource
{
    public override async Task WatchAsync(CancellationToken cancel)
    {
        var files = WatchFileList.Concat(MtimeList).Concat(Creates.Length > 0 ? [Creates] : []).ToList();
        InotifyHub? own = null;
        var subscriptions = new List<IDisposable>();
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopWatchCmd = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        Task? watchCmd = null;
        try
        {
            if (files.Count > 0)
            {
                var hub = Context.Services.GetService(typeof(InotifyHub)) as InotifyHub ?? (own = new InotifyHub(Context.Logger));
                foreach (var file in files)
                {
                    var depth = file.EndsWith('/') ? WatchDepth.Recursive : WatchDepth.Entry;
                    subscriptions.Add(hub.Subscribe(PathText.Clean(file), depth, Context.Event,
                        e => failed.TrySetException(new IOException($"cannot watch {file} any more: {e.Message}", e))));
                }
            }
            if (WatchCmd.Length > 0)
            {
                var process = RunningProcess.Start(WatchSpec());
                _running[process] = 0;
                watchCmd = WatchCommandAsync(process, failed, stopWatchCmd.Token);
            }
            Context.Running();
            await failed.Task.WaitAsync(cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var s in subscriptions) s.Dispose();
            own?.Dispose();
            await stopWatchCmd.CancelAsync().ConfigureAwait(false);
            if (watchCmd is not null) await watchCmd.ConfigureAwait(false);
        }
    }

    private ProcessSpec WatchSpec() => new()
    {
        Name = "watchcmd",
        Command = WatchCmd,
        Shell = WatchShell.Length > 0 ? WatchShell : null,
        WorkingDirectory = WatchCwd.Length > 0 ? WatchCwd : null,
        Environment = Env,
        User = User.Length > 0 ? User : null,
        Group = Group.Length > 0 ? Group : null,
        CancelSignal = EffectiveCancelSignal.Length > 0 ? Signals.Parse(EffectiveCancelSignal) : Signals.Term,
        Capture = false,
        Time = Context.Time,
        OnLine = line =>
        {
            ExecLog.WatchLine(Context.Logger, line);
            Context.Event();
        },
    };

    // Runs until the watch is stopped; if the command ends by itself, the watch fails.
    private async Task WatchCommandAsync(RunningProcess process, TaskCompletionSource failed, CancellationToken stop)
    {
        try
        {
            var result = await process.WaitAsync(stop).ConfigureAwait(false);
            var reason = result.Outcome == ProcessOutcome.Interrupted
                ? "it was interrupted"
                : $"it exited with status {result.ExitCode}";
            ExecLog.WatchEnded(Context.Logger, reason);
            failed.TrySetException(new IOException($"watchcmd ended ({reason}), but it must keep running to report changes: {process.CommandLine}"));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            _running.TryRemove(process, out _);
            process.Dispose();
        }
    }
}
