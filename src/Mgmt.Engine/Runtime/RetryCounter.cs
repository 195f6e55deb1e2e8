namespace Mgmt.Engine.Runtime;

/// <summary>
/// How many CheckApply retries a resource has left. It lives in the engine keyed by kind and name, so that it
/// survives graph swaps (a resource cannot escape its retry limit by being re-submitted); it is replaced when
/// <c>Meta:reset</c> is set and the resource changed, or when <c>Meta:rewatch</c> restarts a failed resource.
/// </summary>
internal sealed class RetryCounter(int retries)
{
    /// <summary>The counter of every resource without retries; it stays at zero.</summary>
    public static readonly RetryCounter None = new(0);

    private int _remaining = retries;

    /// <summary>Counts one failure; false when no retry is left (the failure is permanent).</summary>
    public bool TryConsume()
    {
        while (true)
        {
            var remaining = Volatile.Read(ref _remaining);
            if (remaining < 0) return true; // forever
            if (remaining == 0) return false;
            if (Interlocked.CompareExchange(ref _remaining, remaining - 1, remaining) == remaining) return true;
        }
    }

    /// <summary>Retries left; -1 is unlimited.</summary>
    public int Remaining => Volatile.Read(ref _remaining);

    public void Reset(int retries)
    {
        if (!ReferenceEquals(this, None)) Volatile.Write(ref _remaining, retries);
    }
}
