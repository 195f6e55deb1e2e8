namespace Mgmt.World.Store;

public sealed partial class MemoryKeyValueStore
{
    private readonly Dictionary<long, MemoryLease> _leases = [];
    private long _nextLeaseId = 0x1000;

    /// <summary>How many leases are alive (tests check that nothing leaks).</summary>
    internal int LeaseCount
    {
        get
        {
            lock (_gate)
            {
                return _leases.Count;
            }
        }
    }

    public Task<long> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        lock (_gate)
        {
            EnsureUsable();
            var id = ++_nextLeaseId;
            var timer = _time.CreateTimer(static state => ((ExpiryState)state!).Fire(), new ExpiryState(this, id), ttl, Timeout.InfiniteTimeSpan);
            _leases[id] = new MemoryLease(ttl, timer) { Expires = _time.GetUtcNow() + ttl };
            return Task.FromResult(id);
        }
    }

    public Task<bool> KeepAliveAsync(long leaseId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            EnsureUsable();
            if (!_leases.TryGetValue(leaseId, out var lease))
            {
                return Task.FromResult(false);
            }
            lease.Timer.Change(lease.Ttl, Timeout.InfiniteTimeSpan);
            lease.Expires = _time.GetUtcNow() + lease.Ttl;
            return Task.FromResult(true);
        }
    }

    public Task<TimeSpan?> LeaseTimeToLiveAsync(long leaseId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            EnsureUsable();
            if (!_leases.TryGetValue(leaseId, out var lease))
            {
                return Task.FromResult<TimeSpan?>(null);
            }
            var left = lease.Expires - _time.GetUtcNow();
            return Task.FromResult<TimeSpan?>(left < TimeSpan.Zero ? TimeSpan.Zero : left);
        }
    }

    public Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            EnsureUsable();
            EndLeaseLocked(leaseId);
        }
        return Task.CompletedTask;
    }

    private void Expire(long leaseId)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                EndLeaseLocked(leaseId);
            }
        }
    }

    private void EndLeaseLocked(long leaseId)
    {
        if (!_leases.Remove(leaseId, out var lease))
        {
            return;
        }
        lease.Timer.Dispose();
        if (lease.Keys.Count == 0)
        {
            return;
        }
        // etcd deletes every key of a lease in one revision; so do we.
        _revision++;
        var changes = lease.Keys.Order(StringComparer.Ordinal).Select(RemoveLocked).ToList();
        Publish(changes);
    }

    private sealed record MemoryLease(TimeSpan Ttl, ITimer Timer)
    {
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset Expires { get; set; }
    }

    private sealed record ExpiryState(MemoryKeyValueStore Store, long LeaseId)
    {
        public void Fire() => Store.Expire(LeaseId);
    }
}
