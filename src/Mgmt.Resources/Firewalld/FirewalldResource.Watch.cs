namespace Mgmt.Resources;

// Watch: firewalld's signals about the zone (runtime additions and removals, permanent updates), reloads, a new
// default zone, and firewalld itself starting or stopping. No polling.
public sealed partial class FirewalldResource
{
    public override async Task WatchAsync(CancellationToken cancel)
    {
        var client = await ClientAsync(cancel).ConfigureAwait(false);
        // With no zone given, the default zone is managed, and it may change: every zone's signals count then.
        using var watch = await client.WatchAsync(Zone.Length > 0 ? Zone : null, Context.Event, cancel).ConfigureAwait(false);
        var lost = client.DisconnectedAsync();
        Context.Running();
        try
        {
            var reason = await lost.WaitAsync(cancel).ConfigureAwait(false);
            throw new IOException($"lost the connection to the system bus at {client.Address} while watching firewalld{(reason is null ? "" : ": " + reason.Message)}", reason);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
    }
}
