using Mgmt.Platform.Libvirt;

namespace Mgmt.Platform.Tests.Virt;

/// <summary>One shared connection per URI, reference counted, closed after its grace period.</summary>
public sealed class LibvirtConnectionPoolTests
{
    [Fact]
    public async Task Users_of_one_uri_share_one_connection_until_the_last_leaves()
    {
        TestDriver.RequireLibvirt();
        using var pool = new LibvirtConnectionPool(TimeProvider.System, TimeSpan.Zero);
        var cancel = TestContext.Current.CancellationToken;
        var first = pool.AcquireAsync(TestDriver.Uri, cancel: cancel);
        var second = pool.AcquireAsync(TestDriver.Uri, cancel: cancel);
        using var a = await first;
        var b = await second;
        Assert.Same(a.Connection, b.Connection);
        Assert.Equal(1, pool.Count);
        using (var withCredentials = await pool.AcquireAsync(TestDriver.Uri, new LibvirtCredentials("u", "p"), cancel))
        {
            Assert.NotSame(a.Connection, withCredentials.Connection);
            Assert.Equal(2, pool.Count);
        }
        Assert.Equal(1, pool.Count);
        b.Dispose();
        b.Dispose(); // a second dispose of one lease must not release another user's hold
        Assert.Equal(1, pool.Count);
        Assert.NotNull(a.Connection.LookupDomain("test"));
    }

    [Fact]
    public async Task An_idle_connection_is_kept_for_its_grace_period_and_reused()
    {
        TestDriver.RequireLibvirt();
        var time = new ManualClock();
        using var pool = new LibvirtConnectionPool(time, TimeSpan.FromSeconds(30));
        var cancel = TestContext.Current.CancellationToken;
        LibvirtConnection kept;
        using (var lease = await pool.AcquireAsync(TestDriver.Uri, cancel: cancel)) kept = lease.Connection;
        time.Advance(TimeSpan.FromSeconds(29));
        using (var again = await pool.AcquireAsync(TestDriver.Uri, cancel: cancel)) Assert.Same(kept, again.Connection);
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(0, pool.Count);
        using var fresh = await pool.AcquireAsync(TestDriver.Uri, cancel: cancel);
        Assert.NotSame(kept, fresh.Connection);
    }

    [Fact]
    public async Task A_failed_open_is_reported_to_each_user_and_not_kept()
    {
        TestDriver.RequireLibvirt();
        using var pool = new LibvirtConnectionPool(TimeProvider.System, TimeSpan.FromMinutes(1));
        const string missing = "test+unix:///default?socket=/nonexistent/mgmt-pool.sock";
        await Assert.ThrowsAsync<LibvirtException>(() => pool.AcquireAsync(missing, cancel: TestContext.Current.CancellationToken));
        Assert.Equal(0, pool.Count);
        await Assert.ThrowsAsync<LibvirtException>(() => pool.AcquireAsync(missing, cancel: TestContext.Current.CancellationToken));
    }

    /// <summary>A clock the test moves by hand; timers fire when their time is passed.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private readonly List<(DateTimeOffset Due, TimerCallback Callback, object? State)> _timers = [];
        private DateTimeOffset _now = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => _now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var entry = (_now + dueTime, callback, state);
            lock (_timers) _timers.Add(entry);
            return new Handle(this, entry);
        }

        public void Advance(TimeSpan by)
        {
            _now += by;
            List<(DateTimeOffset Due, TimerCallback Callback, object? State)> due;
            lock (_timers)
            {
                due = _timers.Where(t => t.Due <= _now).ToList();
                foreach (var t in due) _timers.Remove(t);
            }
            foreach (var t in due) t.Callback(t.State);
        }

        private sealed class Handle(ManualClock clock, (DateTimeOffset, TimerCallback, object?) entry) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => throw new NotSupportedException();

            public void Dispose()
            {
                lock (clock._timers) clock._timers.Remove(entry);
            }

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
