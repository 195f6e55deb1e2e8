namespace Mgmt.World.Core;

public abstract partial class StoreWorld
{
    public async Task<IReadOnlyDictionary<string, string>> GetMapAsync(string key, CancellationToken cancellationToken)
    {
        WorldKeys.ValidateKey(key);
        var prefix = Layout.MapPrefix(key);
        var range = await Calls.RunAsync($"read the map \"{key}\"", (s, ct) => s.ListAsync(prefix, ct), cancellationToken).ConfigureAwait(false);
        return ToMap(range.Entries.Select(e => (e.Key, e.Value)), prefix);
    }

    public Task<bool> SetMapValueAsync(string key, string value, CancellationToken cancellationToken)
    {
        WorldKeys.ValidateKey(key);
        WorldKeys.ValidateValue(value, $"this host's entry in map \"{key}\"");
        return Session.PutAsync(Layout.MapKey(key, Hostname), value, cancellationToken);
    }

    public Task<bool> DeleteMapValueAsync(string key, CancellationToken cancellationToken)
    {
        WorldKeys.ValidateKey(key);
        return Session.DeleteAsync(Layout.MapKey(key, Hostname), cancellationToken);
    }

    public IAsyncEnumerable<IReadOnlyDictionary<string, string>> WatchMapAsync(string key, CancellationToken cancellationToken)
    {
        WorldKeys.ValidateKey(key);
        var prefix = Layout.MapPrefix(key);
        var mirror = Mirror(Layout.Maps);
        return LatestValueWatch.RunAsync<IReadOnlyDictionary<string, string>>(mirror, prefix, exact: false, (out IReadOnlyDictionary<string, string> state) =>
        {
            var entries = mirror.Snapshot(prefix);
            state = ToMap(entries?.Select(e => (e.Key, e.Value)) ?? [], prefix);
            return entries is not null;
        }, SnapshotComparers.Map, Closing, cancellationToken);
    }

    private static SortedDictionary<string, string> ToMap(IEnumerable<(string Key, string Value)> entries, string prefix)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            var host = key[prefix.Length..];
            if (host.Length > 0 && !host.Contains('/'))
            {
                map[host] = value;
            }
        }
        return map;
    }
}
