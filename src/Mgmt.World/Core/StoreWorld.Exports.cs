namespace Mgmt.World.Core;

public abstract partial class StoreWorld
{
    public async Task<bool> ExportAsync(IEnumerable<ExportedResource> resources, CancellationToken cancellationToken)
    {
        var list = resources.ToList();
        foreach (var resource in list)
        {
            ValidateExport(resource.Kind, resource.Name, resource.ToHost);
            if (resource.FromHost != Hostname)
            {
                throw new ArgumentException(
                    $"export {resource.Kind}[{resource.Name}] says it comes from host \"{resource.FromHost}\", but this agent is \"{Hostname}\": a host publishes only its own exports");
            }
            WorldKeys.ValidateValue(resource.Payload, $"exported resource {resource.Kind}[{resource.Name}]");
        }
        var changed = false;
        foreach (var resource in list)
        {
            var key = Layout.ExportKey(resource.ToHost, Hostname, resource.Kind, resource.Name);
            changed |= await Session.PutAsync(key, resource.Payload, cancellationToken).ConfigureAwait(false);
        }
        return changed;
    }

    public async Task<bool> WithdrawExportsAsync(IEnumerable<ExportKey> keys, CancellationToken cancellationToken)
    {
        var list = keys.ToList();
        foreach (var key in list)
        {
            ValidateExport(key.Kind, key.Name, key.ToHost);
        }
        var changed = false;
        foreach (var key in list)
        {
            changed |= await Session.DeleteAsync(Layout.ExportKey(key.ToHost, Hostname, key.Kind, key.Name), cancellationToken).ConfigureAwait(false);
        }
        return changed;
    }

    public async Task<IReadOnlyList<ExportedResource>> CollectAsync(ExportFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var mine = await Calls.RunAsync("collect exported resources", (s, ct) => s.ListAsync(Layout.Exported + Hostname + "/", ct), cancellationToken)
            .ConfigureAwait(false);
        var everyone = await Calls.RunAsync("collect exported resources", (s, ct) => s.ListAsync(Layout.Exported + ExportedResource.Everyone + "/", ct), cancellationToken)
            .ConfigureAwait(false);
        return Visible(mine.Entries.Concat(everyone.Entries).Select(e => new StoreEntryView(e.Key, e.Value)), filter);
    }

    public IAsyncEnumerable<IReadOnlyList<ExportedResource>> WatchCollectAsync(ExportFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var mirror = Mirror(Layout.Exported);
        return LatestValueWatch.RunAsync<IReadOnlyList<ExportedResource>>(mirror, Layout.Exported, exact: false, (out IReadOnlyList<ExportedResource> state) =>
        {
            var entries = mirror.Snapshot(Layout.Exported);
            state = Visible(entries?.Select(e => new StoreEntryView(e.Key, e.Value)) ?? [], filter);
            return entries is not null;
        }, SnapshotComparers.List<ExportedResource>(), Closing, cancellationToken);
    }

    private List<ExportedResource> Visible(IEnumerable<StoreEntryView> entries, ExportFilter filter) =>
    [
        .. entries
            .Select(Layout.ParseExport)
            .OfType<ExportedResource>()
            .Where(r => (r.ToHost == Hostname || r.ToHost == ExportedResource.Everyone) && filter.Matches(r))
            .OrderBy(r => r.Kind, StringComparer.Ordinal)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .ThenBy(r => r.FromHost, StringComparer.Ordinal)
            .ThenBy(r => r.ToHost, StringComparer.Ordinal),
    ];

    private static void ValidateExport(string kind, string name, string toHost)
    {
        WorldKeys.ValidateKind(kind);
        WorldKeys.ValidateResourceName(name);
        WorldKeys.ValidateExportTarget(toHost);
    }
}
