using Mgmt.Engine.Resources;
using Mgmt.Platform.Docker;

namespace Mgmt.Resources;

/// <summary>
/// The watch of the docker kinds: the daemon's event stream, filtered to what the resource manages. A daemon that
/// is not running yet (docker being installed by an earlier resource) or that restarts is not an error: the watch
/// reports itself running, tries again every few seconds, and sends an event when it is back, since anything may
/// have changed meanwhile.
/// </summary>
internal static class DockerWatch
{
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(IResourceContext context, DockerClient client, IReadOnlyList<(string, string)> filters, CancellationToken cancel)
    {
        var running = false;
        var down = false;
        try
        {
            while (true)
            {
                try
                {
                    var events = await client.WatchEventsAsync(filters, context.Event, cancel).ConfigureAwait(false);
                    if (!running) context.Running();
                    else context.Event();
                    running = true;
                    if (down) DockerLog.WatchBack(context.Logger);
                    down = false;
                    await events.ConfigureAwait(false);
                }
                catch (DockerException e)
                {
                    if (!running) context.Running();
                    else if (!down) context.Event();
                    running = true;
                    if (!down) DockerLog.WatchDown(context.Logger, e.Message, RetryInterval.TotalSeconds);
                    down = true;
                    await Task.Delay(RetryInterval, context.Time, cancel).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
    }
}
