using System.Text;
using Mgmt.Platform.Files;
using Mgmt.Platform.Systemd;

namespace Mgmt.Resources;

// CheckApply: for "exists", the timer file first (written atomically), then systemd's view of it (a reload after
// the file changed), then startup links, then the running timer (restarted when its file changed or on refresh).
// For "absent", the reverse: stop, disable, remove the file, reload. Every step runs in noop mode too, so the
// result reports every difference.
public sealed partial class CronResource
{
    private const uint TimerFileMode = 0b110_100_100; // 0644

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var manager = await Systemd.Connections.GetAsync(Scope, cancel).ConfigureAwait(false);
        return State == StateExists
            ? await CheckExistsAsync(manager, apply, cancel).ConfigureAwait(false)
            : await CheckAbsentAsync(manager, apply, cancel).ConfigureAwait(false);
    }

    private async Task<bool> CheckExistsAsync(SystemdManager manager, bool apply, CancellationToken cancel)
    {
        var ok = true;
        var path = Systemd.Settings.HostPath(TimerFilePath());
        var wanted = RenderTimerFile();
        var fileChanged = false;
        if (ReadText(path) != wanted)
        {
            ok = false;
            Context.Changes.Content(path, ReadText(path) is { } old ? Encoding.UTF8.GetBytes(old) : null, Encoding.UTF8.GetBytes(wanted));
            if (apply)
            {
                Directory.CreateDirectory(PathText.Dirname(path));
                AtomicFile.Write(path, Encoding.UTF8.GetBytes(wanted), new AtomicWriteOptions { Mode = TimerFileMode });
                SystemdLog.TimerWritten(Context.Logger, path);
                fileChanged = true;
            }
        }
        var timer = TimerUnit;
        var status = await manager.GetUnitAsync(timer, cancel).ConfigureAwait(false);
        if (fileChanged || status.NeedDaemonReload)
        {
            ok = false;
            Context.Changes.Action("reload systemd (the timer unit changed)");
            if (apply)
            {
                await manager.ReloadAsync(cancel).ConfigureAwait(false);
                status = await manager.GetUnitAsync(timer, cancel).ConfigureAwait(false);
            }
        }
        if (!apply && !ok) return false; // systemd still has the old file: what it says is not worth checking
        RequireLoaded(status, path);

        if (Startup == SvcResource.StartupEnabled && !status.IsEnabled)
        {
            ok = false;
            Context.Changes.Set("startup", SvcResource.StartupDisabled, SvcResource.StartupEnabled);
            if (apply)
            {
                await manager.EnableUnitFileAsync(timer, cancel).ConfigureAwait(false);
                SystemdLog.Enabled(Context.Logger, timer);
            }
        }
        else if (Startup == SvcResource.StartupDisabled && status.IsEnabled)
        {
            ok = false;
            Context.Changes.Set("startup", SvcResource.StartupEnabled, SvcResource.StartupDisabled);
            if (apply)
            {
                await manager.DisableUnitFileAsync(timer, cancel).ConfigureAwait(false);
                SystemdLog.Disabled(Context.Logger, timer);
            }
        }

        if (!status.IsActive)
        {
            ok = false;
            Context.Changes.Set("state", SvcResource.StateStopped, SvcResource.StateRunning);
            if (apply)
            {
                await manager.StartUnitAsync(timer, cancel).ConfigureAwait(false);
                SystemdLog.Started(Context.Logger, timer);
            }
        }
        else if (fileChanged || Context.Refresh)
        {
            // A running timer keeps its old schedule until it is restarted; a refresh asks for a fresh schedule.
            ok = false;
            Context.Changes.Action($"restart {timer}");
            if (apply)
            {
                await manager.RestartUnitAsync(timer, cancel).ConfigureAwait(false);
                SystemdLog.Restarted(Context.Logger, timer);
            }
        }
        return ok;
    }

    private async Task<bool> CheckAbsentAsync(SystemdManager manager, bool apply, CancellationToken cancel)
    {
        var ok = true;
        var timer = TimerUnit;
        var status = await manager.GetUnitAsync(timer, cancel).ConfigureAwait(false);
        if (status.IsActive || status.ActiveState is "activating" or "deactivating")
        {
            ok = false;
            Context.Changes.Set("state", SvcResource.StateRunning, SvcResource.StateStopped);
            if (apply)
            {
                await manager.StopUnitAsync(timer, cancel).ConfigureAwait(false);
                SystemdLog.Stopped(Context.Logger, timer);
            }
        }
        if (status.IsEnabled)
        {
            ok = false;
            Context.Changes.Set("startup", SvcResource.StartupEnabled, SvcResource.StartupDisabled);
            if (apply)
            {
                await manager.DisableUnitFileAsync(timer, cancel).ConfigureAwait(false);
                SystemdLog.Disabled(Context.Logger, timer);
            }
        }
        var path = Systemd.Settings.HostPath(TimerFilePath());
        if (Posix.TryLstat(path) is not null)
        {
            ok = false;
            Context.Changes.Action($"remove {path}");
            if (apply)
            {
                Posix.Unlink(path);
                SystemdLog.TimerRemoved(Context.Logger, path);
                await manager.ReloadAsync(cancel).ConfigureAwait(false);
            }
        }
        return ok;
    }

    private void RequireLoaded(UnitStatus status, string path)
    {
        if (status.LoadState == "loaded") return;
        var reason = status.LoadState switch
        {
            "masked" => $"{status.Name} is masked (linked to /dev/null), so systemd ignores the timer file; unmask it or use state 'absent'",
            "not-found" => $"systemd does not see the timer file {path} (is the unit directory right for this {(Session ? "user" : "system")} manager?)",
            _ => $"systemd cannot load the timer {status.Name}: {(status.LoadError.Length > 0 ? status.LoadError : status.LoadState)}; " +
                 "check time and the other parameters ('systemd-analyze verify' on the timer file shows the problem)",
        };
        throw new InvalidOperationException(reason);
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
