using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Mgmt.World.Store;

/// <summary>
/// An in-process <see cref="IKeyValueStore"/> with etcd's semantics: one revision counter, leases that expire
/// on the injected <see cref="TimeProvider"/>, and watches that replay history from a revision. Several
/// embedded worlds may share one instance (several in-process agents, as the tests do).
/// </summary>
/// <remarks>
/// Only the last <see cref="HistoryLimit"/> changes are kept for watches to resume from; older revisions are
/// compacted, exactly as etcd may do, so the world's re-list path is exercised in process too.
/// </remarks>
public sealed partial class MemoryKeyValueStore : IKeyValueStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, StoreEntry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<StoreChange> _history = new();
    private readonly List<WatchFeed> _feeds = [];
    private readonly TimeProvider _time;
    private long _revision = 1;
    private long _compactedBelow = 1;
    private bool _offline;
    private bool _disposed;

    public MemoryKeyValueStore(TimeProvider? time = null, int historyLimit = 10_000)
    {
        _time = time ?? TimeProvider.System;
        HistoryLimit = historyLimit;
    }

    /// <summary>How many past changes are kept for watches to resume from.</summary>
    public int HistoryLimit { get; }

    /// <summary>The revision of the last change.</summary>
    public long Revision
    {
        get
        {
            lock (_gate)
            {
                return _revision;
            }
        }
    }

    /// <summary>
    /// Test hook: while true every call throws <see cref="StoreUnavailableException"/> and open watches break,
    /// as when etcd becomes unreachable. Leases keep counting down meanwhile, as they do in etcd.
    /// </summary>
    internal bool Offline
    {
        get
        {
            lock (_gate)
            {
                return _offline;
            }
        }
        set
        {
            lock (_gate)
            {
                _offline = value;
                if (value)
                {
                    foreach (var feed in _feeds)
                    {
                        feed.Writer.TryComplete(new StoreUnavailableException("the in-memory store is offline (test)"));
                    }
                    _feeds.Clear();
                }
            }
        }
    }

    /// <summary>Test hook: drops all history up to the current revision, as an etcd compaction does.</summary>
    internal void Compact()
    {
        lock (_gate)
        {
            _history.Clear();
            _compactedBelow = _revision + 1;
        }
    }

    public Task<StoreEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            EnsureUsable();
            return Task.FromResult(_entries.GetValueOrDefault(key));
        }
    }

    public Task<StoreRange> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            EnsureUsable();
            var entries = _entries.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(e => e.Value).ToList();
            return Task.FromResult(new StoreRange(entries, _revision));
        }
    }

    public Task<bool> PutAsync(string key, string value, long leaseId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            EnsureUsable();
            var existing = _entries.GetValueOrDefault(key);
            if (existing is not null && existing.Value == value && existing.LeaseId == leaseId)
            {
                return Task.FromResult(false);
            }
            WriteLocked(key, value, leaseId, existing);
            return Task.FromResult(true);
        }
    }

    public Task<StoreEntry?> CreateAsync(string key, string value, long leaseId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            EnsureUsable();
            if (_entries.TryGetValue(key, out var existing))
            {
                return Task.FromResult<StoreEntry?>(existing);
            }
            WriteLocked(key, value, leaseId, null);
            return Task.FromResult<StoreEntry?>(null);
        }
    }

    public Task<AppendOutcome> CreateAfterAsync(string key, string value, string? requiredKey, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            EnsureUsable();
            if (_entries.ContainsKey(key)) return Task.FromResult(AppendOutcome.KeyExists);
            if (requiredKey is not null && !_entries.ContainsKey(requiredKey)) return Task.FromResult(AppendOutcome.RequiredKeyMissing);
            WriteLocked(key, value, 0, null);
            return Task.FromResult(AppendOutcome.Created);
        }
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            EnsureUsable();
            if (!_entries.ContainsKey(key))
            {
                return Task.FromResult(false);
            }
            _revision++;
            Publish([RemoveLocked(key)]);
            return Task.FromResult(true);
        }
    }

    public async IAsyncEnumerable<StoreChangeBatch> WatchAsync(
        string prefix, long fromRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        WatchFeed feed;
        lock (_gate)
        {
            EnsureUsable();
            if (fromRevision < _compactedBelow)
            {
                throw new StoreCompactedException(_compactedBelow - 1);
            }
            feed = new WatchFeed(prefix);
            // Replay what the watcher missed, then register it, all under the lock: no change can slip between.
            foreach (var group in _history.Where(c => c.Revision >= fromRevision && c.Key.StartsWith(prefix, StringComparison.Ordinal))
                         .GroupBy(c => c.Revision))
            {
                feed.Writer.TryWrite(new StoreChangeBatch([.. group], group.Key));
            }
            _feeds.Add(feed);
        }
        try
        {
            while (await feed.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (feed.Reader.TryRead(out var batch))
                {
                    yield return batch;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _feeds.Remove(feed);
            }
        }
        // A feed completes without an error only when the store is disposed: report it like a lost connection.
        throw new StoreUnavailableException("the in-memory store was closed");
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var feed in _feeds)
            {
                feed.Writer.TryComplete();
            }
            _feeds.Clear();
            foreach (var lease in _leases.Values)
            {
                lease.Timer.Dispose();
            }
            _leases.Clear();
        }
        return ValueTask.CompletedTask;
    }

    private void EnsureUsable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_offline)
        {
            throw new StoreUnavailableException("the in-memory store is offline (test)");
        }
    }

    private void WriteLocked(string key, string value, long leaseId, StoreEntry? existing)
    {
        if (leaseId != 0 && !_leases.ContainsKey(leaseId))
        {
            throw new StoreLeaseNotFoundException(leaseId);
        }
        _revision++;
        if (existing is not null && existing.LeaseId != 0 && _leases.TryGetValue(existing.LeaseId, out var oldLease))
        {
            oldLease.Keys.Remove(key);
        }
        if (leaseId != 0)
        {
            _leases[leaseId].Keys.Add(key);
        }
        var entry = new StoreEntry(key, value, existing?.CreateRevision ?? _revision, _revision, leaseId);
        _entries[key] = entry;
        Publish([new StoreChange(key, entry, _revision)]);
    }

    private StoreChange RemoveLocked(string key)
    {
        var existing = _entries[key];
        _entries.Remove(key);
        if (existing.LeaseId != 0 && _leases.TryGetValue(existing.LeaseId, out var lease))
        {
            lease.Keys.Remove(key);
        }
        return new StoreChange(key, null, _revision);
    }

    private void Publish(IReadOnlyList<StoreChange> changes)
    {
        foreach (var change in changes)
        {
            _history.AddLast(change);
        }
        while (_history.Count > HistoryLimit)
        {
            _compactedBelow = _history.First!.Value.Revision + 1;
            _history.RemoveFirst();
        }
        foreach (var feed in _feeds)
        {
            var mine = changes.Where(c => c.Key.StartsWith(feed.Prefix, StringComparison.Ordinal)).ToList();
            if (mine.Count > 0)
            {
                feed.Writer.TryWrite(new StoreChangeBatch(mine, _revision));
            }
        }
    }

    private sealed class WatchFeed(string prefix)
    {
        private readonly Channel<StoreChangeBatch> _channel = Channel.CreateUnbounded<StoreChangeBatch>(
            new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

        public string Prefix { get; } = prefix;
        public ChannelWriter<StoreChangeBatch> Writer => _channel.Writer;
        public ChannelReader<StoreChangeBatch> Reader => _channel.Reader;
    }
}
