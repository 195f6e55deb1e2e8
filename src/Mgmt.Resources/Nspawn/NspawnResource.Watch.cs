using Mgmt.Platform.Systemd;

namespace Mgmt.Resources;

// Watch: machined's signals for this machine (registered, removed) and the change signals of its unit. No polling.
public sealed partial class NspawnResource
{
    public override async Task WatchAsync(CancellationToken cancel)
    {
        var manager = await Systemd.Connections.GetAsync(SystemdScope.System, cancel).ConfigureAwait(false);
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var machine = await manager.WatchMachineAsync(Name, Context.Event, e => lost.TrySetException(e), cancel).ConfigureAwait(false);
        using var unit = await manager.WatchUnitAsync(UnitName, Context.Event, e => lost.TrySetException(e), cancel).ConfigureAwait(false);
        Context.Running();
        try
        {
            await lost.Task.WaitAsync(cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
    }
}
