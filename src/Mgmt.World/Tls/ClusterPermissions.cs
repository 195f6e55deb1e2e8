using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Mgmt.World.Core;

namespace Mgmt.World.Tls;

/// <summary>
/// Who may write which key of a TLS cluster (docs/security.md, "Per-host permissions"): the etcd users and roles mgmt
/// creates, and the key ranges each role holds. etcd takes a client's user from its certificate's common name, so a
/// host's certificate acts as the user named after the host, and that user can write only that host's keys.
/// </summary>
public static class ClusterPermissions
{
    /// <summary>etcd's own superuser: it must exist for etcd to turn authentication on. It has no password, and no
    /// certificate is ever issued for it (<c>mgmt tls issue</c> refuses the name).</summary>
    public const string RootUser = "root";

    public const string RootRole = "root";

    /// <summary>The administrator (<c>mgmt tls issue --admin</c>): root, so it deploys, prunes and runs <c>mgmt cluster</c>.</summary>
    public const string AdminUser = "mgmt-admin";

    /// <summary>The registrar (<c>mgmt tls issue --registrar</c>): root, so it can create and delete users and roles.</summary>
    public const string RegistrarUser = "mgmt-registrar";

    /// <summary>A password user whose only right is to write under <c>enrol/</c>: how a host that has no user yet asks
    /// for one. Its password is public (derived from the CA certificate, see <see cref="EnrolPassword"/>).</summary>
    public const string EnrolUser = "mgmt-enrol";

    public const string EnrolRole = "mgmt-enrol";

    /// <summary>Every host: read the whole cluster, write the shared prefixes.</summary>
    public const string HostsRole = "mgmt-hosts";

    /// <summary>The role of one host: <c>mgmt-host-&lt;host&gt;</c>, write on that host's prefixes.</summary>
    public static string HostRole(string host) => "mgmt-host-" + host;

    /// <summary>Names a host may not have in a TLS cluster: etcd's root and every mgmt- name (they are roles and users
    /// with more rights than a host's).</summary>
    public static bool IsReserved(string name) => name == RootUser || name.StartsWith("mgmt-", StringComparison.Ordinal);

    /// <summary>
    /// The enrol user's password: a hash of the cluster CA's certificate. It is not a secret (every holder of
    /// <c>ca.crt</c> can compute it) and needs not be: the enrol user can only ask, and what it asks for can be used
    /// only with a certificate of the CA for that name.
    /// </summary>
    public static string EnrolPassword(X509Certificate2 authority)
    {
        var label = Encoding.UTF8.GetBytes("mgmt-enrol:");
        return Convert.ToHexStringLower(SHA256.HashData([.. label, .. authority.RawData]));
    }

    /// <summary>What the role of <paramref name="host"/> may write (and read): its own keys and nothing else.</summary>
    internal static IReadOnlyList<KeyGrant> HostGrants(KeyLayout layout, string host) =>
    [
        KeyGrant.Exact(layout.HostKey(host)),
        KeyGrant.Prefix(layout.MapHostPrefix(host)),
        KeyGrant.Prefix(layout.ExportPrefix(host)),
        KeyGrant.Prefix(layout.ScheduleHostPrefix(host)),
        KeyGrant.Exact(layout.StatusKey(host)),
        KeyGrant.Exact(layout.VolunteerKey(host)),
        KeyGrant.Exact(layout.Deploy + "followers/" + host),
        KeyGrant.Prefix(layout.Deploy + "ready/" + host + "/"),
    ];

    /// <summary>What every host may write: shared strings, rollout decisions, the election and what the membership
    /// leader writes (any host may become the leader).</summary>
    internal static IReadOnlyList<KeyGrant> SharedGrants(KeyLayout layout) =>
    [
        KeyGrant.Prefix(layout.Strings),
        KeyGrant.Prefix(layout.Deploy + "barrier/"),
        KeyGrant.Prefix(layout.Election),
        KeyGrant.Prefix(layout.Nominated),
        KeyGrant.Exact(layout.IdealSize),
    ];

    /// <summary>What every host may read: the whole cluster.</summary>
    internal static KeyGrant SharedRead(KeyLayout layout) => KeyGrant.Prefix(layout.Root, write: false);

    /// <summary>The enrol user's one right: writing <c>enrol/...</c> (not even reading it back).</summary>
    internal static KeyGrant EnrolGrant(KeyLayout layout) => KeyGrant.Prefix(layout.Enrol, read: false);
}

/// <summary>One permission: a key, or every key under a prefix, with read and/or write.</summary>
internal sealed record KeyGrant(string Key, bool IsPrefix, bool Read, bool Write)
{
    public static KeyGrant Exact(string key) => new(key, false, true, true);

    public static KeyGrant Prefix(string prefix, bool read = true, bool write = true) => new(prefix, true, read, write);
}
