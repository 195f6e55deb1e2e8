using Mgmt.Platform.Systemd;

namespace Mgmt.Resources;

// CheckApply: machined says whether the machine runs; the unit systemd-nspawn@NAME starts and stops it. A machine
// that runs without that unit (started by hand with systemd-nspawn) is stopped through machined instead.
public sealed partial class NspawnResource
{
    // A machine that fails within this time after this resource started it is reported once as an error rather
    // than started again silently in a loop; a machine that ran longer and then failed is simply started again.
    private static readonly TimeSpan EarlyFailure = TimeSpan.FromMinutes(1);

    // When this resource last started the unit, or null.
    private DateTimeOffset? _startedAt;

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var manager = await Systemd.Connections.GetAsync(SystemdScope.System, cancel).ConfigureAwait(false);
        var machine = await manager.GetMachineStateAsync(Name, cancel).ConfigureAwait(false);
        // "opening" and "closing" are on their way: what counts is where they go, which the unit's job decides.
        var running = machine is not null and not "closing";
        var wantRunning = State == StateRunning;
        if (running == wantRunning) return true;
        if (wantRunning && _startedAt is { } startedAt)
        {
            _startedAt = null;
            if (Context.Time.GetUtcNow() - startedAt < EarlyFailure) await ThrowIfStartFailedAsync(manager, cancel).ConfigureAwait(false);
        }

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
            try
            {
                await manager.StartUnitAsync(unit, cancel).ConfigureAwait(false);
            }
            catch (SystemdJobFailedException e) when (e.Result == "canceled")
            {
                // Someone stopped the machine at the same moment and their job replaced ours. Their change ends
                // with a signal the watch sees, and the next check starts it again.
                NspawnLog.Replaced(Context.Logger, Name, unit);
                return false;
            }
            _startedAt = Context.Time.GetUtcNow();
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

    // systemd-nspawn reports the unit started as soon as it has launched the machine's init; an image whose init
    // cannot run fails only afterwards, which the next check finds here.
    private async Task ThrowIfStartFailedAsync(SystemdManager manager, CancellationToken cancel)
    {
        var unit = UnitName;
        var status = await manager.GetUnitAsync(unit, cancel).ConfigureAwait(false);
        if (status.ActiveState != "failed") return;
        var how = await manager.GetServiceResultAsync(unit, cancel).ConfigureAwait(false);
        throw new InvalidOperationException(
            $"the machine {Name} stopped right after it was started: {unit} failed ({how}); the image may have no init it can run " +
            $"(/sbin/init or systemd); see 'journalctl -u {unit}'");
    }
}
