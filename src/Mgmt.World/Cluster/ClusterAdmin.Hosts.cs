using Mgmt.World.Core;
using Mgmt.World.Etcd;
using Mgmt.World.Tls;

namespace Mgmt.World.Cluster;

/// <summary>What <see cref="ClusterAdmin.RemoveHostAsync"/> found and did.</summary>
/// <param name="UserDeleted">the host had an etcd user (and role), now deleted.</param>
/// <param name="KeysDeleted">how many of its presence, enrol request, volunteering, nomination and status keys existed.</param>
/// <param name="MemberRemoved">the name and id of the etcd member it ran, now removed; null when it ran none.</param>
public sealed record HostRemoval(bool UserDeleted, int KeysDeleted, string? MemberRemoved);

public sealed partial class ClusterAdmin
{
    /// <summary>
    /// Removes <paramref name="host"/> from the cluster at once: records it as removed (so no registrar registers it
    /// again), deletes its etcd user and role, its presence, enrol request, volunteering, nomination and status, and
    /// removes the etcd member it runs. Needs an administrator's certificate (root) in a cluster with per-host permissions.
    /// </summary>
    public async Task<HostRemoval> RemoveHostAsync(string host, CancellationToken cancellationToken = default)
    {
        CheckHostName(host);
        var layout = _reader.Layout;
        var members = await _store.Members.ListAsync(cancellationToken).ConfigureAwait(false);
        var own = members.Where(m => m.Name == host).ToList();
        if (own.Count > 0 && own.Count == members.Count)
        {
            throw new WorldException($"host {host} runs the only etcd member of the cluster: removing it would end the cluster (nothing was changed; add another member first)");
        }
        // The record first: a registrar that runs between the steps below must not give the user back.
        await _reader.Calls.RunAsync("record the removal", (s, ct) => s.PutAsync(layout.RemovedKey(host), DateTimeOffset.UtcNow.ToString("O"), 0, ct),
            cancellationToken).ConfigureAwait(false);
        var access = new EtcdAccess(_store.Client, layout, TimeSpan.FromSeconds(3));
        var userDeleted = await access.UnregisterHostAsync(host, cancellationToken).ConfigureAwait(false);
        var deleted = 0;
        foreach (var key in new[] { layout.HostKey(host), layout.EnrolKey(host), layout.VolunteerKey(host), layout.NominatedKey(host), layout.StatusKey(host) })
        {
            if (await _reader.Calls.RunAsync("delete " + key, (s, ct) => s.DeleteAsync(key, ct), cancellationToken).ConfigureAwait(false)) deleted++;
        }
        string? member = null;
        foreach (var m in own)
        {
            if (await _store.Members.RemoveAsync(m.Id, cancellationToken).ConfigureAwait(false)) member = $"{m.Name} ({m.Id:x})";
        }
        return new HostRemoval(userDeleted, deleted, member);
    }

    /// <summary>Lets a removed host enrol again (deletes its removal record); false when it was not removed.</summary>
    public Task<bool> AllowHostAsync(string host, CancellationToken cancellationToken = default)
    {
        CheckHostName(host);
        var key = _reader.Layout.RemovedKey(host);
        return _reader.Calls.RunAsync("delete the removal record", (s, ct) => s.DeleteAsync(key, ct), cancellationToken);
    }

    /// <summary>The hosts an administrator removed and has not allowed again.</summary>
    public async Task<IReadOnlyList<string>> RemovedHostsAsync(CancellationToken cancellationToken = default)
    {
        var prefix = _reader.Layout.Removed;
        var range = await _reader.Calls.RunAsync("list removed hosts", (s, ct) => s.ListAsync(prefix, ct), cancellationToken).ConfigureAwait(false);
        return [.. range.Entries.Select(e => e.Key[prefix.Length..]).Order(StringComparer.Ordinal)];
    }

    private static void CheckHostName(string host)
    {
        WorldKeys.ValidateHostname(host);
        if (ClusterPermissions.IsReserved(host))
        {
            throw new WorldKeyException($"\"{host}\" is a reserved name (root and mgmt-... are mgmt's own etcd users, not hosts)");
        }
    }
}
