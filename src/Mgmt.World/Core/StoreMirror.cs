using Mgmt.World.Store;
using Microsoft.Extensions.Logging;

namespace Mgmt.World.Core;

/// <summary>
/// A local copy of every key under one prefix of the store, kept current by one watch that resumes from the
/// last revision it applied after a broken connection (so no change is ever skipped) and lists everything
/// again when the store compacted that revision away. Watches of the world are projections of a mirror.
/// </summary>
internal sealed class StoreMirror : IAsyncDisposable
{
    private readonly IKeyValueStore _store;
    private readonly string _prefix;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoreEntry> _entries = new(StringComparer.Ordinal);
    private readonly List<Subscription> _subscriptions = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _revision;
    private bool _synced;

    public StoreMirror(IKeyValueStore store, string prefix, ILogger logger, TimeProvider time)
    {
        _store = store;
        _prefix = prefix;
        _logger = logger;
        _time = time;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The store revision the copy is current with.</summary>
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
    /// Calls <paramref name="onChange"/> once the copy is complete and after every change to a key that starts
    /// with <paramref name="keyPrefix"/> (or equals it, when <paramref name="exact"/>). Calls come from the
    /// mirror's own loop, one at a time, and never while the mirror's lock is held.
    /// </summary>
    public IDisposable Subscribe(string keyPrefix, bool exact, Action onChange)
    {
        var subscription = new Subscription(this, keyPrefix, exact, onChange);
        bool synced;
        lock (_gate)
        {
            _subscriptions.Add(subscription);
            synced = _synced;
        }
        if (synced)
        {
            onChange();
        }
        return subscription;
    }

    /// <summary>The entries whose key starts with <paramref name="keyPrefix"/>, or null while the copy is
    /// still incomplete.</summary>
    public List<StoreEntry>? Snapshot(string keyPrefix)
    {
        lock (_gate)
        {
            return _synced ? [.. _entries.Values.Where(e => e.Key.StartsWith(keyPrefix, StringComparison.Ordinal))] : null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        var backoff = Backoff.Default();
        var needList = true;
        var what = $"the watch of {_prefix}";
        while (!token.IsCancellationRequested)
        {
            try
            {
                if (needList)
                {
                    var range = await _store.ListAsync(_prefix, token).ConfigureAwait(false);
                    ReplaceAll(range);
                    needList = false;
                }
                long from;
                lock (_gate)
                {
                    from = _revision + 1;
                }
                await foreach (var batch in _store.WatchAsync(_prefix, from, token).ConfigureAwait(false))
                {
                    if (backoff.Failures > 0)
                    {
                        WorldLog.StoreBack(_logger, what, batch.Revision);
                        backoff.Reset();
                    }
                    Apply(batch);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (StoreCompactedException e)
            {
                WorldLog.Relisting(_logger, what, e.CompactRevision);
                needList = true;
            }
            catch (StoreUnavailableException e)
            {
                var delay = backoff.Next();
                WorldLog.StoreUnreachable(_logger, what, e.Message, (long)delay.TotalMilliseconds);
                await Task.Delay(delay, _time, token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Anything else is a bug or a store refusing us; keep the agent alive and try again.
                var delay = backoff.Next();
                WorldLog.Problem(_logger, $"{what} failed: {e.Message}; retrying in {(long)delay.TotalMilliseconds} ms");
                await Task.Delay(delay, _time, token).ConfigureAwait(false);
            }
        }
    }

    private void ReplaceAll(StoreRange range)
    {
        List<string> changed;
        bool first;
        lock (_gate)
        {
            var fresh = range.Entries.ToDictionary(e => e.Key, StringComparer.Ordinal);
            changed = [.. _entries.Keys.Where(k => !fresh.ContainsKey(k))];
            changed.AddRange(fresh.Values.Where(e => !_entries.TryGetValue(e.Key, out var old) || old != e).Select(e => e.Key));
            _entries.Clear();
            foreach (var entry in fresh.Values)
            {
                _entries[entry.Key] = entry;
            }
            _revision = range.Revision;
            first = !_synced;
            _synced = true;
        }
        // Outside the lock, as Subscribe promises. Everyone waits for the first complete copy, so it wakes them all.
        Notify(first ? null : changed);
    }

    private void Apply(StoreChangeBatch batch)
    {
        lock (_gate)
        {
            foreach (var change in batch.Changes)
            {
                if (change.Entry is null)
                {
                    _entries.Remove(change.Key);
                }
                else
                {
                    _entries[change.Key] = change.Entry;
                }
                _revision = Math.Max(_revision, change.Revision);
            }
            _revision = Math.Max(_revision, batch.Revision);
        }
        if (batch.Changes.Count > 0)
        {
            Notify([.. batch.Changes.Select(c => c.Key)]);
        }
    }

    /// <summary>Calls the subscribers that care about <paramref name="keys"/> (all of them when null).</summary>
    private void Notify(IReadOnlyCollection<string>? keys)
    {
        Subscription[] subscribers;
        lock (_gate)
        {
            subscribers = [.. _subscriptions];
        }
        foreach (var subscription in subscribers)
        {
            if (keys is null || keys.Any(subscription.Covers))
            {
                subscription.Invoke();
            }
        }
    }

    private sealed class Subscription(StoreMirror owner, string keyPrefix, bool exact, Action onChange) : IDisposable
    {
        public bool Covers(string key) => exact ? key == keyPrefix : key.StartsWith(keyPrefix, StringComparison.Ordinal);

        public void Invoke()
        {
            try
            {
                onChange();
            }
            catch (Exception e)
            {
                WorldLog.Problem(owner._logger, $"a watcher of {keyPrefix} failed: {e.Message}");
            }
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._subscriptions.Remove(this);
            }
        }
    }
}
