namespace Mgmt.World;

/// <summary>
/// Per-host values under one key (the <c>kv</c> resource with <c>mapped</c>, and <c>world.kvlookup</c>):
/// every host writes only its own entry, every host reads the whole map of hostname to value. An entry is
/// tied to its host's lease, so a dead agent's entries disappear with it.
/// </summary>
public interface IHostMapWorld
{
    /// <summary>Every host's value under <paramref name="key"/>, by hostname (empty when none).</summary>
    Task<IReadOnlyDictionary<string, string>> GetMapAsync(string key, CancellationToken cancellationToken);

    /// <summary>Sets this host's entry under <paramref name="key"/>. Returns false, and writes nothing, when it
    /// already held that value.</summary>
    Task<bool> SetMapValueAsync(string key, string value, CancellationToken cancellationToken);

    /// <summary>Removes this host's entry under <paramref name="key"/>. Returns false when there was none.</summary>
    Task<bool> DeleteMapValueAsync(string key, CancellationToken cancellationToken);

    /// <summary>The whole map under <paramref name="key"/> now, then after every change of any host's entry.</summary>
    IAsyncEnumerable<IReadOnlyDictionary<string, string>> WatchMapAsync(string key, CancellationToken cancellationToken);
}
