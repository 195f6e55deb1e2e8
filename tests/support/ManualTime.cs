namespace Mgmt.Tests.Support;

/// <summary>
/// A clock that only moves when the test says so. Timers (and so <c>Task.Delay(d, time)</c>) fire, in the order
/// they are due, when <see cref="Advance"/> passes their due time. Shared by the test projects (linked into each).
/// </summary>
/// <param name="start">The time it starts at (2026-01-01 UTC by default).</param>
/// <param name="zone">Its local time zone (UTC by default).</param>
internal sealed class ManualTime(DateTimeOffset? start = null, TimeZoneInfo? zone = null) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock) return _now;
    }

    public override TimeZoneInfo LocalTimeZone => zone ?? TimeZoneInfo.Utc;

    /// <summary>How many timers are waiting: lets a test wait until a stream is asleep before moving time.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_lock) return _timers.Count(t => t.Due is not null);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_lock) target = _now + by;
        while (true)
        {
            ManualTimer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.Due is { } d && d <= target).MinBy(t => t.Due);
                if (next is null)
                {
                    _now = target;
                    return;
                }
                _now = next.Due!.Value;
                next.Due = next.Period is { } p && p > TimeSpan.Zero ? _now + p : null;
            }
            next.Fire();
        }
    }

    /// <summary>Waits (in real time, briefly) until at least one timer is pending.</summary>
    public async Task WaitForSleeperAsync(int count = 1)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (PendingTimers < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the stream never went to sleep on the clock");
            await Task.Delay(5);
        }
    }

    private sealed class ManualTimer(ManualTime owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }

        public TimeSpan? Period { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                if (!owner._timers.Contains(this)) owner._timers.Add(this);
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan ? null : period;
            }
            return true;
        }

        public void Dispose()
        {
            lock (owner._lock) owner._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
