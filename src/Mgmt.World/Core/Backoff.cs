namespace Mgmt.World.Core;

/// <summary>Exponential backoff with jitter between retries of a failed store call: 50 ms doubling up to a cap.</summary>
internal sealed class Backoff(TimeSpan first, TimeSpan max)
{
    private readonly TimeSpan _first = first;

    public static Backoff Default() => new(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5));

    private TimeSpan _next = first;

    /// <summary>How many failures in a row since the last success.</summary>
    public int Failures { get; private set; }

    /// <summary>The delay before the next retry; each call doubles the following one.</summary>
    public TimeSpan Next()
    {
        Failures++;
        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(max.Ticks, _next.Ticks * 2));
        // Jitter spreads the retries of many agents that lost the store at the same moment.
        return delay + TimeSpan.FromTicks((long)(delay.Ticks * 0.2 * Random.Shared.NextDouble()));
    }

    public void Reset()
    {
        Failures = 0;
        _next = _first;
    }
}
