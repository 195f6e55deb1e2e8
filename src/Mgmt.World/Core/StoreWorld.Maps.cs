namespace Mgmt.World.Core;

public abstract partial class StoreWorld
{
    public async Task<IReadOnlyDictionary<string, string>> GetMapAsync(string key, CancellationToken cancellationToken)
    {
        WorldKeys.ValidateKey(key);
        // Writer-first layout (maps/<host>/<key>): one range over every map, keeping this key's entries.
        var range = await Calls.RunAsync($"read the map \"{key}\"", (s, ct) => s.ListAsync(Layout.Maps, ct), cancellationToken).ConfigureAwait(false);
        return ToMap(range.Entries.Select(e => (e.Key, e.Value)), Layout.Maps, key);
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
        var area = Layout.Maps;
        var mirror = Mirror(area);
        return LatestValueWatch.RunAsync<IReadOnlyDictionary<string, string>>(mirror, area, exact: false, (out IReadOnlyDictionary<string, string> state) =>
        {
            var entries = mirror.Snapshot(area);
            state = ToMap(entries?.Select(e => (e.Key, e.Value)) ?? [], area, key);
            return entries is not null;
        }, SnapshotComparers.Map, Closing, cancellationToken);
    }

    private static SortedDictionary<string, string> ToMap(IEnumerable<(string Key, string Value)> entries, string area, string mapKey)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            if (KeyLayout.SplitHostKey(key, area) is { } split && split.Name == mapKey)
            {
                map[split.Host] = value;
            }
        }
        return map;
    }
}
