namespace Mgmt.World;

/// <summary>
/// Cluster-wide string values by key (the <c>kv</c> resource and <c>world.getval</c>). A value belongs to no
/// host: it stays until someone deletes it, whoever wrote it and whether or not that agent still runs.
/// </summary>
public interface IStringWorld
{
    /// <summary>The value of <paramref name="key"/>, or null when it is not set.</summary>
    Task<string?> GetStringAsync(string key, CancellationToken cancellationToken);

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>. Returns false, and writes nothing
    /// (so no watcher wakes up), when the key already held that value.</summary>
    Task<bool> SetStringAsync(string key, string value, CancellationToken cancellationToken);

    /// <summary>Removes <paramref name="key"/>. Returns false when it was not set.</summary>
    Task<bool> DeleteStringAsync(string key, CancellationToken cancellationToken);

    /// <summary>The value of <paramref name="key"/> now (null when unset), then after every change.</summary>
    IAsyncEnumerable<string?> WatchStringAsync(string key, CancellationToken cancellationToken);
}
