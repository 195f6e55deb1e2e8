using Mgmt.World.Store;
using Microsoft.Extensions.Logging;

namespace Mgmt.World.Core;

/// <summary>
/// Runs one-shot store calls with retries: a call that meets a passing outage (a leader election, a broken
/// connection) is retried with backoff until the operation timeout, then reported to the caller as
/// <see cref="WorldUnavailableException"/> with a message that says what to check.
/// </summary>
internal sealed class StoreCalls(IKeyValueStore store, TimeSpan timeout, TimeProvider time, ILogger logger, string storeDescription)
{
    public IKeyValueStore Store { get; } = store;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;

    public TimeSpan Timeout { get; } = timeout;

    /// <summary>Told the duration and outcome of every call, by the first word of its description (<c>read</c>, <c>set</c>...).</summary>
    public Mgmt.Engine.Observability.IAgentMetrics? Metrics { get; init; }

    public async Task<T> RunAsync<T>(string what, Func<IKeyValueStore, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var deadline = Time.GetUtcNow() + Timeout;
        var backoff = Backoff.Default();
        var started = Time.GetTimestamp();
        while (true)
        {
            try
            {
                var result = await call(Store, cancellationToken).ConfigureAwait(false);
                Metrics?.WorldCall(Operation(what), Time.GetElapsedTime(started), failed: false);
                return result;
            }
            catch (Exception e) when (Metrics is not null && e is not StoreUnavailableException)
            {
                Metrics.WorldCall(Operation(what), Time.GetElapsedTime(started), failed: e is not OperationCanceledException);
                throw;
            }
            catch (StoreUnavailableException e)
            {
                var delay = backoff.Next();
                if (Time.GetUtcNow() + delay > deadline)
                {
                    Metrics?.WorldCall(Operation(what), Time.GetElapsedTime(started), failed: true);
                    throw new WorldUnavailableException(
                        $"could not {what}: {storeDescription} did not answer within {Timeout.TotalSeconds:0.#} s ({e.Message}). "
                        + "The agent keeps enforcing what it has and will try again; check that the store is running and reachable.", e);
                }
                WorldLog.Trace(Logger, $"{what}: {e.Message}; retrying in {(long)delay.TotalMilliseconds} ms");
                await Task.Delay(delay, Time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string Operation(string what) => what.IndexOf(' ') is var space and > 0 ? what[..space] : what;

    public Task RunAsync(string what, Func<IKeyValueStore, CancellationToken, Task> call, CancellationToken cancellationToken) =>
        RunAsync<bool>(what, async (s, ct) =>
        {
            await call(s, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
}
