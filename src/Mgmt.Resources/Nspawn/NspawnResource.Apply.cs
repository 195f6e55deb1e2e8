using Mgmt.Platform.Systemd;

namespace Mgmt.Resources;

// CheckApply: machined says whether the machine runs; the unit systemd-nspawn@NAME starts and stops it. A machine
// that runs without that unit (started by hand with systemd-nspawn) is stopped through machined instead.
public sealed partial class NspawnResource
{
    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var manager = await Systemd.Connections.GetAsync(SystemdScope.System, cancel).ConfigureAwait(false);
        var machine = await manager.GetMachineStateAsync(Name, cancel).ConfigureAwait(false);
        // "opening" and "closing" are on their way: what counts is where they go, which the unit's job decides.
        var running = machine is not null and not "closing";
        var wantRunning = State == StateRunning;
        if (running == wantRunning) return true;

        if (wantRunning && !await manager.HasMachineImageAsync(Name, cancel).ConfigureAwait(false))
        {
            throw new InvalidOperationException(
                $"there is no machine image named '{Name}': put its root directory at {ImageDirectory}/{Name} " +
                $"(or a raw disk image at {ImageDirectory}/{Name}.raw); 'machinectl list-images' shows the images machined finds");
        }
        Context.Changes.Set("state", running ? StateRunning : StateStopped, State);
        if (!apply) return false;

        var unit = UnitName;
        if (wantRunning)
        {
            await manager.StartUnitAsync(unit, cancel).ConfigureAwait(false);
            NspawnLog.Started(Context.Logger, Name, unit);
            return false;
        }
        var status = await manager.GetUnitAsync(unit, cancel).ConfigureAwait(false);
        if (status.IsActive || status.ActiveState == "activating")
        {
            await manager.StopUnitAsync(unit, cancel).ConfigureAwait(false);
            NspawnLog.Stopped(Context.Logger, Name, unit);
        }
        else
        {
            await manager.TerminateMachineAsync(Name, cancel).ConfigureAwait(false);
            NspawnLog.Terminated(Context.Logger, Name);
        }
        return false;
    }
}
