namespace Mgmt.World.Store;

/// <summary>
/// The small key/value store a world is built on: revisioned keys, leases, and watches that can resume from a
/// revision. <see cref="MemoryKeyValueStore"/> keeps it in process; <see cref="Etcd.EtcdKeyValueStore"/> is
/// real etcd. Everything above it (layout, sessions, scheduling, watches that never lose the latest state)
/// is shared, so both worlds behave the same by construction.
/// </summary>
/// <remarks>
/// Transient trouble (no connection, no leader, a timed-out call) is reported as
/// <see cref="StoreUnavailableException"/>: the caller may retry the same call. A write that names a lease
/// that no longer exists throws <see cref="StoreLeaseNotFoundException"/>.
/// </remarks>
public interface IKeyValueStore : IAsyncDisposable
{
    /// <summary>The entry at <paramref name="key"/>, or null.</summary>
    Task<StoreEntry?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Every entry whose key starts with <paramref name="prefix"/>, sorted by key, and the store
    /// revision they were read at.</summary>
    Task<StoreRange> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="value"/> at <paramref name="key"/>, attached to <paramref name="leaseId"/>
    /// (0: no lease). Does nothing and returns false when the key already holds that value on that lease.</summary>
    Task<bool> PutAsync(string key, string value, long leaseId, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="key"/> only if it does not exist. Returns null when it was created,
    /// otherwise the entry that is already there.</summary>
    Task<StoreEntry?> CreateAsync(string key, string value, long leaseId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="key"/> (no lease) in one transaction only if it does not exist and
    /// <paramref name="requiredKey"/> does (null: no such condition): the append of a linear history.
    /// </summary>
    Task<AppendOutcome> CreateAfterAsync(string key, string value, string? requiredKey, CancellationToken cancellationToken);

    /// <summary>Deletes <paramref name="key"/>; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Grants a lease that ends <paramref name="ttl"/> after the last keep-alive.</summary>
    Task<long> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Renews a lease; false when it no longer exists (it expired or was revoked).</summary>
    Task<bool> KeepAliveAsync(long leaseId, CancellationToken cancellationToken);

    /// <summary>How long <paramref name="leaseId"/> has left before it expires unless renewed; null when it no
    /// longer exists.</summary>
    Task<TimeSpan?> LeaseTimeToLiveAsync(long leaseId, CancellationToken cancellationToken);

    /// <summary>Ends a lease now, deleting every key attached to it. A lease that is already gone is fine.</summary>
    Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken);

    /// <summary>
    /// Changes under <paramref name="prefix"/> from revision <paramref name="fromRevision"/> on, in revision
    /// order, none skipped. Throws <see cref="StoreCompactedException"/> when that revision is no longer kept
    /// (list again, then watch from the list's revision + 1), and <see cref="StoreUnavailableException"/> when
    /// the connection breaks (watch again from the revision after the last one seen).
    /// </summary>
    IAsyncEnumerable<StoreChangeBatch> WatchAsync(string prefix, long fromRevision, CancellationToken cancellationToken);
}

/// <summary>What <see cref="IKeyValueStore.CreateAfterAsync"/> did.</summary>
public enum AppendOutcome
{
    /// <summary>The key was written.</summary>
    Created,

    /// <summary>Nothing was written: the key already exists.</summary>
    KeyExists,

    /// <summary>Nothing was written: the required key does not exist.</summary>
    RequiredKeyMissing,
}

/// <summary>One key as stored.</summary>
/// <param name="Key">The full key.</param>
/// <param name="Value">Its value.</param>
/// <param name="CreateRevision">The revision that created the key (it orders keys by arrival).</param>
/// <param name="ModRevision">The revision of its last change.</param>
/// <param name="LeaseId">The lease it is attached to, or 0.</param>
public sealed record StoreEntry(string Key, string Value, long CreateRevision, long ModRevision, long LeaseId);

/// <summary>The entries under a prefix, read at <paramref name="Revision"/>.</summary>
public sealed record StoreRange(IReadOnlyList<StoreEntry> Entries, long Revision);

/// <summary>One change: the new entry, or null when <paramref name="Key"/> was deleted.</summary>
public sealed record StoreChange(string Key, StoreEntry? Entry, long Revision);

/// <summary>Changes delivered together; every change up to <paramref name="Revision"/> has been delivered
/// (a batch with no changes only reports progress).</summary>
public sealed record StoreChangeBatch(IReadOnlyList<StoreChange> Changes, long Revision);

/// <summary>The store cannot serve the call now; retrying later may work.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A watch asked for revisions the store no longer keeps.</summary>
public sealed class StoreCompactedException(long compactRevision)
    : Exception($"the store no longer keeps revisions before {compactRevision}")
{
    public long CompactRevision { get; } = compactRevision;
}

/// <summary>A write named a lease that no longer exists.</summary>
public sealed class StoreLeaseNotFoundException(long leaseId)
    : Exception($"lease {leaseId:x} no longer exists")
{
    public long LeaseId { get; } = leaseId;
}
