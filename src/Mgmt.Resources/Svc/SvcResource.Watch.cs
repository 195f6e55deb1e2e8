namespace Mgmt.Resources;

// Watch: systemd's signals about the unit (PropertiesChanged on its object: started, stopped, failed...), about
// reloads of the configuration (a missing unit may appear) and about enabled or disabled unit files. No polling.
public sealed partial class SvcResource
{
    public override async Task WatchAsync(CancellationToken cancel)
    {
        var manager = await Systemd.Connections.GetAsync(Scope, cancel).ConfigureAwait(false);
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = await manager.WatchUnitAsync(UnitName, Context.Event, e => lost.TrySetException(e), cancel).ConfigureAwait(false);
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
