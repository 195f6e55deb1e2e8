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
        // The exports first, then the sessions: an export written between the two reads is judged by a fresher list.
        var exported = await Calls.RunAsync("collect exported resources", (s, ct) => s.ListAsync(Layout.Exported, ct), cancellationToken)
            .ConfigureAwait(false);
        var hosts = await Calls.RunAsync("list the live hosts", (s, ct) => s.ListAsync(Layout.Hosts, ct), cancellationToken)
            .ConfigureAwait(false);
        return Visible(exported.Entries.Select(View), SessionLeases(hosts.Entries), filter);
    }

    public IAsyncEnumerable<IReadOnlyList<ExportedResource>> WatchCollectAsync(ExportFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var exports = Mirror(Layout.Exported);
        var hosts = Mirror(Layout.Hosts);
        return LatestValueWatch.RunAsync<IReadOnlyList<ExportedResource>>([(exports, Layout.Exported, false), (hosts, Layout.Hosts, false)],
            (out IReadOnlyList<ExportedResource> state) =>
            {
                var entries = exports.Snapshot(Layout.Exported);
                var sessions = hosts.Snapshot(Layout.Hosts);
                state = Visible(entries?.Select(View) ?? [], SessionLeases(sessions ?? []), filter);
                return entries is not null && sessions is not null;
            }, SnapshotComparers.List<ExportedResource>(), Closing, cancellationToken);
    }

    private static StoreEntryView View(Mgmt.World.Store.StoreEntry e) => new(e.Key, e.Value, e.LeaseId);

    /// <summary>Each live host's session: the lease its presence entry is held by.</summary>
    private Dictionary<string, long> SessionLeases(IEnumerable<Mgmt.World.Store.StoreEntry> presence) =>
        presence.Where(e => e.LeaseId != 0).ToDictionary(e => e.Key[Layout.Hosts.Length..], e => e.LeaseId, StringComparer.Ordinal);

    /// <summary>
    /// The exports addressed to this host (or to every host) that are held by their publisher's live session: an
    /// entry of a host without a presence, or on another lease (or none, so that it would never expire), was not
    /// written by that host's running agent and is ignored.
    /// </summary>
    private List<ExportedResource> Visible(IEnumerable<StoreEntryView> entries, IReadOnlyDictionary<string, long> sessions, ExportFilter filter) =>
    [
        .. entries
            .Select(e => (Entry: e, Resource: Layout.ParseExport(e)))
            .Where(p => p.Resource is not null && sessions.TryGetValue(p.Resource.FromHost, out var lease) && lease == p.Entry.Lease)
            .Select(p => p.Resource!)
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
