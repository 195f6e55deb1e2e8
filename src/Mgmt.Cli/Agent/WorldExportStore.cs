using Mgmt.Engine.Exports;
using Mgmt.World;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Agent;

/// <summary>
/// The engine's export store, kept in the world (see docs/cluster.md for the layout). While the store is
/// unreachable a publish waits for it, with backoff and a log line per attempt, rather than fail the resource for
/// good: the agent catches up when the store returns.
/// </summary>
internal sealed partial class WorldExportStore(IWorld world, ILogger log, TimeProvider time) : IExportStore
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    public Task<bool> PublishAsync(IReadOnlyList<ExportEntry> entries, CancellationToken cancellationToken)
    {
        var resources = entries.Select(e => new ExportedResource(e.Address.Kind, e.Address.Name, world.Hostname, e.Address.ToHost, e.Payload)).ToList();
        return PatientlyAsync(ct => world.ExportAsync(resources, ct), cancellationToken);
    }

    public Task<bool> WithdrawAsync(IReadOnlyList<ExportAddress> addresses, CancellationToken cancellationToken)
    {
        var keys = addresses.Select(a => new ExportKey(a.Kind, a.Name, a.ToHost)).ToList();
        return PatientlyAsync(ct => world.WithdrawExportsAsync(keys, ct), cancellationToken);
    }

    private async Task<bool> PatientlyAsync(Func<CancellationToken, Task<bool>> call, CancellationToken cancellationToken)
    {
        var delay = FirstRetry;
        while (true)
        {
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (WorldUnavailableException e)
            {
                Log.Waiting(log, e.Message, delay.TotalSeconds);
            }
            catch (WorldException e)
            {
                // The engine shows this message as it is; the world's messages already say what to do.
                throw new InvalidOperationException(e.Message, e);
            }
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetry.Ticks));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1031, Level = LogLevel.Warning, Message = "exports wait for the store: {Problem} Trying again in {Seconds} s")]
        public static partial void Waiting(ILogger logger, string problem, double seconds);
    }
}
