using Mgmt.Engine.Resources;
using Mgmt.World;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>
/// How the cluster resources (<c>kv</c>, <c>schedule</c>) reach the world and live through its outages: the world is
/// a host service; while the store is unreachable a call is retried with backoff (and the wait is logged) until it
/// answers, the check is cancelled, or the resource stops; a name the world refuses is a validation error.
/// </summary>
/// <remarks>
/// Waiting, rather than failing, is what lets an agent catch up when the store returns: a resource that failed
/// would stay failed (its <c>Meta:retry</c> is 0 unless the user says otherwise), while its neighbours in the graph
/// keep being enforced either way.
/// </remarks>
internal static partial class ClusterWorld
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    /// <summary>The agent's world; a resource without one fails its Init with what to do.</summary>
    public static IWorld Require(IResourceContext context, string kind) =>
        context.Services.GetService(typeof(IWorld)) as IWorld
        ?? throw new InvalidOperationException(
            $"the {kind} resource needs the cluster's world, and this engine was started without one; run it in an mgmt agent");

    /// <summary>
    /// Runs a world call, waiting through outages of the store. <paramref name="stopping"/> is the resource's own
    /// stop signal (its watch's token), so a resource leaving the graph does not wait for the store.
    /// </summary>
    public static async Task<T> CallAsync<T>(IResourceContext context, Func<CancellationToken, Task<T>> call, CancellationToken cancel, CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, stopping);
        var delay = FirstRetry;
        while (true)
        {
            try
            {
                return await call(linked.Token).ConfigureAwait(false);
            }
            catch (WorldKeyException e)
            {
                throw new ResourceValidationException(e.Message);
            }
            catch (WorldUnavailableException e)
            {
                Log.Waiting(context.Logger, e.Message, delay.TotalSeconds);
            }
            catch (WorldException e)
            {
                throw new IOException(e.Message, e);
            }
            await Task.Delay(delay, context.Time, linked.Token).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetry.Ticks));
        }
    }

    /// <summary>
    /// Runs a cluster resource's CheckApply. When the resource leaves the graph (its watch stops: it was removed, or
    /// replaced by a new version of itself) while the check waits for the store, the wait ends at once and the check
    /// reports nothing to do: the write it gave up belongs to a graph that is gone, and the replacement writes the
    /// value wanted now. Reporting that as a failure made the engine mark the resource "failed for good" whenever a
    /// new graph arrived during an election, so writes were lost.
    /// </summary>
    public static async Task<bool> CheckApplyAsync(IResourceContext context, Func<Task<bool>> check, CancellationToken cancel, CancellationToken stopping)
    {
        try
        {
            return await check().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !cancel.IsCancellationRequested)
        {
            Log.LeftWhileWaiting(context.Logger);
            return true;
        }
    }

    /// <summary>Checks a key or namespace the way the world will, as a validation error.</summary>
    public static void Validate(Action check)
    {
        try
        {
            check();
        }
        catch (WorldException e)
        {
            throw new ResourceValidationException(e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4609, Level = LogLevel.Warning, Message = "{Problem} Waiting for the store: trying again in {Seconds} s")]
        public static partial void Waiting(ILogger logger, string problem, double seconds);

        [LoggerMessage(EventId = 4610, Level = LogLevel.Debug, Message = "left the graph while its check waited for the store; the write is left to what replaces it")]
        public static partial void LeftWhileWaiting(ILogger logger);
    }
}
