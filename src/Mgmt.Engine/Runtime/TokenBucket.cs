namespace Mgmt.Engine.Runtime;

/// <summary>
/// The <c>Meta:limit</c>/<c>Meta:burst</c> rate limiter: a bucket of <c>burst</c> tokens refilled at
/// <c>limit</c> tokens per second; every CheckApply takes one, waiting for it when the bucket is empty.
/// Only vertices with a finite limit have one.
/// </summary>
internal sealed class TokenBucket(double perSecond, int burst, TimeProvider time)
{
    private double _tokens = burst;
    private long _last = time.GetTimestamp();

    /// <summary>Takes a token and says how long to wait before using it (zero when one was available).</summary>
    public TimeSpan Reserve()
    {
        lock (this)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(burst, _tokens + time.GetElapsedTime(_last, now).TotalSeconds * perSecond);
            _last = now;
            _tokens -= 1;
            if (_tokens >= 0) return TimeSpan.Zero;
            if (perSecond <= 0) return Timeout.InfiniteTimeSpan;
            return TimeSpan.FromSeconds(-_tokens / perSecond);
        }
    }
}
