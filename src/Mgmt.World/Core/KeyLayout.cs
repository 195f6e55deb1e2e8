namespace Mgmt.World.Core;

/// <summary>
/// Where each part of the world lives in the store (documented in docs/cluster.md). Every key of one cluster
/// starts with <c>/mgmt/&lt;cluster&gt;/</c>, so several clusters (or test runs) can share one etcd.
/// </summary>
internal sealed class KeyLayout
{
    public KeyLayout(string cluster)
    {
        WorldKeys.ValidateClusterName(cluster);
        Root = $"/mgmt/{cluster}/";
        Strings = Root + "strings/";
        Maps = Root + "maps/";
        Exported = Root + "exported/";
        Scheduler = Root + "scheduler/";
        Hosts = Root + "hosts/";
        Deploy = Root + "deploy/";
        Cluster = Root + "cluster/";
        IdealSize = Cluster + "idealsize";
        Volunteers = Cluster + "volunteers/";
        Nominated = Cluster + "nominated/";
        Election = Cluster + "leader";
        Status = Cluster + "status/";
        Removed = Cluster + "removed/";
        Enrol = Root + "enrol/";
    }

    public string Root { get; }
    public string Strings { get; }

    /// <summary><c>maps/&lt;host&gt;/&lt;key&gt;</c>: the writer first, so one prefix per host is all a permission needs.</summary>
    public string Maps { get; }
    public string Exported { get; }
    /// <summary><c>scheduler/&lt;host&gt;/&lt;namespace&gt;</c>: the writer first, like maps.</summary>
    public string Scheduler { get; }

    public string Hosts { get; }

    /// <summary><c>enrol/&lt;host&gt;</c>: hosts that ask a registrar for their etcd user (see <see cref="Tls.ClusterPermissions"/>).</summary>
    public string Enrol { get; }

    /// <summary>Deploys: history, file blobs, rollout answers and decisions (see <see cref="Deploys.DeployArea"/>).</summary>
    public string Deploy { get; }

    /// <summary>The cluster's own membership: ideal size, volunteers, nominations, election, host status.</summary>
    public string Cluster { get; }

    /// <summary>The ideal number of etcd members (a decimal number).</summary>
    public string IdealSize { get; }

    /// <summary><c>volunteers/&lt;host&gt;</c>: hosts that offer to run a member (on their session).</summary>
    public string Volunteers { get; }

    /// <summary><c>nominated/&lt;host&gt;</c>: hosts the leader chose to run a member (no lease: they outlive a leader).</summary>
    public string Nominated { get; }

    /// <summary>The name of the etcd election of the membership leader.</summary>
    public string Election { get; }

    /// <summary><c>status/&lt;host&gt;</c>: what each host runs and whether it converged (on its session).</summary>
    public string Status { get; }

    public string VolunteerKey(string host) => Volunteers + host;

    public string NominatedKey(string host) => Nominated + host;

    public string StatusKey(string host) => Status + host;

    /// <summary><c>removed/&lt;host&gt;</c>: hosts an administrator removed (<c>mgmt cluster remove-host</c>); a registrar
    /// does not register them again until <c>mgmt cluster allow-host</c> deletes the record. Only root may write here.</summary>
    public string Removed { get; }

    public string RemovedKey(string host) => Removed + host;

    public string StringKey(string key) => Strings + key;

    /// <summary>Every map entry of <paramref name="host"/>.</summary>
    public string MapHostPrefix(string host) => Maps + host + "/";

    public string MapKey(string key, string host) => MapHostPrefix(host) + key;

    /// <summary>Splits <c>maps/&lt;host&gt;/&lt;key&gt;</c> (or <c>scheduler/&lt;host&gt;/&lt;namespace&gt;</c>) after
    /// <paramref name="area"/> into its writer and its name; null for a key of another shape.</summary>
    public static (string Host, string Name)? SplitHostKey(string fullKey, string area)
    {
        if (!fullKey.StartsWith(area, StringComparison.Ordinal)) return null;
        var rest = fullKey.AsSpan(area.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1 || rest[(slash + 1)..].Contains('/')) return null;
        return (rest[..slash].ToString(), rest[(slash + 1)..].ToString());
    }

    /// <summary><c>exported/&lt;from&gt;/&lt;to&gt;/&lt;kind&gt;/&lt;name&gt;</c>: the writer comes first, so that one prefix per host
    /// (<c>exported/&lt;from&gt;/</c>) is all an etcd permission needs to let each host write only its own exports.</summary>
    public string ExportKey(string toHost, string fromHost, string kind, string name) => $"{ExportPrefix(fromHost)}{toHost}/{kind}/{name}";

    /// <summary>Every export of <paramref name="fromHost"/>.</summary>
    public string ExportPrefix(string fromHost) => $"{Exported}{fromHost}/";

    /// <summary>Every schedule registration of <paramref name="host"/>.</summary>
    public string ScheduleHostPrefix(string host) => Scheduler + host + "/";

    public string ScheduleKey(string scheduleNamespace, string host) => ScheduleHostPrefix(host) + scheduleNamespace;

    public string HostKey(string host) => Hosts + host;

    public string EnrolKey(string host) => Enrol + host;

    /// <summary>Reads an export key back; null when the key is not one (written by something else).</summary>
    public ExportedResource? ParseExport(StoreEntryView entry)
    {
        if (!entry.Key.StartsWith(Exported, StringComparison.Ordinal))
        {
            return null;
        }
        // from/to/kind/name: the name is last, so it may itself contain '/'.
        var parts = entry.Key[Exported.Length..].Split('/', 4);
        return parts.Length == 4 && parts[3].Length > 0
            ? new ExportedResource(parts[2], parts[3], parts[0], parts[1], entry.Value)
            : null;
    }
}

/// <summary>The part of a stored entry the layout needs to read it back, with the lease it is held by (0 for none).</summary>
internal readonly record struct StoreEntryView(string Key, string Value, long Lease = 0);
