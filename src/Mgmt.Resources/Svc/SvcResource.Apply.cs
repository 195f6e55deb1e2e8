using Mgmt.Platform.Systemd;

namespace Mgmt.Resources;

// CheckApply: read the unit's state from systemd, then fix the startup links, then the running state; a pending
// refresh reloads or restarts a unit that runs (a start or stop that just happened already did that work).
public sealed partial class SvcResource
{
    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var manager = await Systemd.Connections.GetAsync(Scope, cancel).ConfigureAwait(false);
        var unit = UnitName;
        var status = await manager.GetUnitAsync(unit, cancel).ConfigureAwait(false);
        RequireUsable(status);

        var staleConfig = status.NeedDaemonReload;
        var stateOk = State switch
        {
            StateRunning => status.IsActive,
            StateStopped => !status.IsActive,
            _ => true,
        };
        var startupOk = Startup switch
        {
            StartupEnabled => status.IsEnabled,
            StartupDisabled => !status.IsEnabled,
            _ => true,
        };
        var refresh = Context.Refresh;
        if (stateOk && startupOk && !refresh && !staleConfig) return true;
        if (staleConfig) Context.Changes.Action("reload systemd (the unit file changed on disk)");
        if (!stateOk) Context.Changes.Set("state", status.IsActive ? StateRunning : StateStopped, State);
        if (!startupOk) Context.Changes.Set("startup", status.IsEnabled ? StartupEnabled : StartupDisabled, Startup);
        if (refresh && stateOk && status.IsActive) Context.Changes.Action($"restart {unit} (refresh)");
        if (!apply) return false;

        if (staleConfig)
        {
            // Someone changed the unit file: starting or restarting with the old definition would surprise.
            await manager.ReloadAsync(cancel).ConfigureAwait(false);
            SystemdLog.DaemonReloaded(Context.Logger, unit);
        }
        if (!startupOk)
        {
            await ApplyStartupAsync(manager, unit, cancel).ConfigureAwait(false);
        }
        if (!stateOk)
        {
            if (State == StateRunning)
            {
                await manager.StartUnitAsync(unit, cancel).ConfigureAwait(false);
                SystemdLog.Started(Context.Logger, unit);
            }
            else
            {
                await manager.StopUnitAsync(unit, cancel).ConfigureAwait(false);
                SystemdLog.Stopped(Context.Logger, unit);
            }
            if (refresh)
            {
                SystemdLog.RefreshSkipped(Context.Logger, unit, State == StateRunning ? "it was just started" : "it was just stopped");
            }
            return false;
        }
        if (refresh) await RefreshAsync(manager, status, cancel).ConfigureAwait(false);
        return false;
    }

    private async Task ApplyStartupAsync(SystemdManager manager, string unit, CancellationToken cancel)
    {
        if (Startup == StartupEnabled)
        {
            await manager.EnableUnitFileAsync(unit, cancel).ConfigureAwait(false);
            var after = await manager.GetUnitAsync(unit, cancel).ConfigureAwait(false);
            if (!after.IsEnabled)
            {
                throw new InvalidOperationException(
                    $"{unit} cannot be enabled: systemd reports its unit file as '{after.UnitFileState}' after enabling it " +
                    "(a unit file without an [Install] section is 'static' and starts only as a dependency); " +
                    "add an [Install] section with WantedBy=, or leave startup unset");
            }
            SystemdLog.Enabled(Context.Logger, unit);
        }
        else
        {
            await manager.DisableUnitFileAsync(unit, cancel).ConfigureAwait(false);
            SystemdLog.Disabled(Context.Logger, unit);
        }
    }

    // A notification from a parent (its config file changed...): make the running unit pick it up.
    private async Task RefreshAsync(SystemdManager manager, UnitStatus status, CancellationToken cancel)
    {
        var unit = status.Name;
        if (!status.IsActive)
        {
            SystemdLog.RefreshSkipped(Context.Logger, unit, "it is not running");
            return;
        }
        await manager.ReloadOrTryRestartUnitAsync(unit, cancel).ConfigureAwait(false);
        SystemdLog.Refreshed(Context.Logger, unit, status.CanReload ? "reloaded" : "restarted");
    }

    // The states where no start, stop or enable can succeed get a message that says what to do instead.
    private void RequireUsable(UnitStatus status)
    {
        var unit = status.Name;
        var where = Scope == SystemdScope.System ? "the system's" : "the user's";
        switch (status.LoadState)
        {
            case "not-found":
                throw new InvalidOperationException(
                    $"{where} systemd has no unit named {unit}: install the package that provides it, or write its unit file " +
                    $"({SystemdSettings.TryAdminUnitDirectory(Scope) ?? "the unit directory"}/{unit}; a file resource there is ordered before this svc automatically)");
            case "bad-setting":
            case "error":
                throw new InvalidOperationException(
                    $"systemd cannot load {unit}: {(status.LoadError.Length > 0 ? status.LoadError : "its unit file is invalid")}; " +
                    $"fix {(status.FragmentPath.Length > 0 ? status.FragmentPath : "its unit file")} ('systemd-analyze verify' shows the problem)");
            case "masked" when State == StateRunning || Startup == StartupEnabled:
                throw new InvalidOperationException(
                    $"{unit} is masked (its unit file is linked to /dev/null), so systemd refuses to start or enable it; " +
                    $"unmask it ('systemctl {(Scope == SystemdScope.User ? "--user " : "")}unmask {unit}') or do not ask for it to run");
        }
    }
}
