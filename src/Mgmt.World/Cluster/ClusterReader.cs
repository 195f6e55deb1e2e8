using System.Globalization;
using Mgmt.World.Core;
using Mgmt.World.Store;

namespace Mgmt.World.Cluster;

/// <summary>
/// Reads and writes the cluster's membership data in the store (ideal size, volunteers, nominations, host
/// status) and puts it together with the etcd member list and the election's leader into one
/// <see cref="ClusterStatus"/>. Shared by the world (<see cref="IMembershipWorld"/>), the leader and
/// <c>mgmt cluster</c>.
/// </summary>
internal sealed class ClusterReader(StoreCalls calls, KeyLayout layout, IClusterMembers? members)
{
    public KeyLayout Layout { get; } = layout;

    public StoreCalls Calls { get; } = calls;

    public IClusterMembers? Members { get; } = members;

    /// <summary>Reads a stored ideal size; the default when unset or unreadable.</summary>
    public static int ParseIdealSize(string? stored) =>
        stored is not null && int.TryParse(stored, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size >= 1
            ? Math.Min(size, ClusterStatus.MaxIdealSize)
            : ClusterStatus.DefaultIdealSize;

    public async Task<int> IdealSizeAsync(CancellationToken cancellationToken)
    {
        var entry = await Calls.RunAsync("read the ideal cluster size", (s, ct) => s.GetAsync(Layout.IdealSize, ct), cancellationToken).ConfigureAwait(false);
        return ParseIdealSize(entry?.Value);
    }

    public Task<bool> SetIdealSizeAsync(int size, CancellationToken cancellationToken)
    {
        ClusterStatus.ValidateIdealSize(size);
        var text = size.ToString(CultureInfo.InvariantCulture);
        return Calls.RunAsync("set the ideal cluster size", (s, ct) => s.PutAsync(Layout.IdealSize, text, 0, ct), cancellationToken);
    }

    /// <summary>Sets the ideal size only when nobody set one yet (the first agent of a new cluster).</summary>
    public Task SetIdealSizeIfUnsetAsync(int size, CancellationToken cancellationToken)
    {
        ClusterStatus.ValidateIdealSize(size);
        var text = size.ToString(CultureInfo.InvariantCulture);
        return Calls.RunAsync("set the ideal cluster size", (s, ct) => s.CreateAsync(Layout.IdealSize, text, 0, ct), cancellationToken);
    }

    /// <summary>Every host of an area (<c>volunteers/</c>, <c>nominated/</c>, <c>status/</c>, <c>hosts/</c>) with its
    /// stored entry, in the order the entries were created.</summary>
    public async Task<IReadOnlyList<(string Host, StoreEntry Entry)>> ListAreaAsync(string area, CancellationToken cancellationToken)
    {
        var range = await Calls.RunAsync($"list {area}", (s, ct) => s.ListAsync(area, ct), cancellationToken).ConfigureAwait(false);
        return
        [
            .. range.Entries
                .Select(e => (Host: e.Key[area.Length..], Entry: e))
                .Where(h => h.Host.Length > 0 && !h.Host.Contains('/'))
                .OrderBy(h => h.Entry.CreateRevision),
        ];
    }

    /// <summary>The members with a fresh health check of each; empty without a cluster (the embedded world).</summary>
    public async Task<IReadOnlyList<ClusterMemberInfo>> MembersWithHealthAsync(CancellationToken cancellationToken)
    {
        if (Members is not { } members) return [];
        var list = await Calls.RunAsync("list the etcd members", (_, ct) => members.ListAsync(ct), cancellationToken).ConfigureAwait(false);
        var checks = list.Select(async m => m with { Healthy = m.ClientUrls.Count > 0 && await members.IsHealthyAsync(m, cancellationToken).ConfigureAwait(false) });
        return await Task.WhenAll(checks).ConfigureAwait(false);
    }

    /// <summary>The hostname of the elected leader, or null.</summary>
    public async Task<string?> LeaderAsync(CancellationToken cancellationToken)
    {
        if (Members is not { } members) return null;
        var leader = await Calls.RunAsync("ask who leads the cluster", (_, ct) => members.LeaderAsync(Layout.Election, ct), cancellationToken).ConfigureAwait(false);
        return leader?.Value;
    }

    public async Task<ClusterStatus> StatusAsync(CancellationToken cancellationToken)
    {
        var ideal = await IdealSizeAsync(cancellationToken).ConfigureAwait(false);
        var hosts = await ListAreaAsync(Layout.Hosts, cancellationToken).ConfigureAwait(false);
        var statuses = (await ListAreaAsync(Layout.Status, cancellationToken).ConfigureAwait(false)).ToDictionary(h => h.Host, h => h.Entry.Value, StringComparer.Ordinal);
        var volunteers = (await ListAreaAsync(Layout.Volunteers, cancellationToken).ConfigureAwait(false)).Select(h => h.Host).ToHashSet(StringComparer.Ordinal);
        var nominated = (await ListAreaAsync(Layout.Nominated, cancellationToken).ConfigureAwait(false)).Select(h => h.Host).ToHashSet(StringComparer.Ordinal);
        var members = await MembersWithHealthAsync(cancellationToken).ConfigureAwait(false);
        var leader = await LeaderAsync(cancellationToken).ConfigureAwait(false);
        var list = hosts
            .Select(h =>
            {
                var presence = WorldJson.TryRead(h.Entry.Value, WorldJson.Default.PresenceRecord);
                var status = statuses.TryGetValue(h.Host, out var s) ? WorldJson.TryRead(s, WorldJson.Default.StatusRecord) : null;
                return new ClusterHost(
                    h.Host, presence?.Pid ?? 0, presence?.Started ?? default,
                    volunteers.Contains(h.Host), nominated.Contains(h.Host),
                    members.FirstOrDefault(m => m.Name == h.Host), leader == h.Host,
                    status is null ? null : new HostStatus(status.FrontEnd, status.Input, status.Converged, status.Deploy));
            })
            .OrderBy(h => h.Hostname, StringComparer.Ordinal)
            .ToList();
        return new ClusterStatus(ideal, leader, list, members);
    }
}
