using Authpb;
using dotnet_etcd;
using Etcdserverpb;
using Grpc.Core;
using Mgmt.World.Core;
using Mgmt.World.Tls;

namespace Mgmt.World.Etcd;

/// <summary>
/// Creates and removes the etcd users and roles of <see cref="ClusterPermissions"/>, over a client whose certificate
/// is the registrar's (a root user: only root may manage users). Every operation is idempotent (a user or role that
/// is already there, or already gone, is what was wanted), so registrars that restart or race are harmless.
/// </summary>
internal sealed class EtcdAccess(EtcdClient client, KeyLayout layout, TimeSpan callTimeout)
{
    /// <summary>
    /// Prepares a new cluster and turns authentication on: root, the administrator, the registrar, the shared hosts
    /// role, the enrol user (its password from <paramref name="authority"/>) and <paramref name="ownHost"/>'s user.
    /// Run again on a cluster whose authentication is on already, it only adds what is missing.
    /// </summary>
    public async Task BootstrapAsync(string ownHost, System.Security.Cryptography.X509Certificates.X509Certificate2 authority, CancellationToken cancellationToken)
    {
        await AddRoleAsync(ClusterPermissions.RootRole, cancellationToken).ConfigureAwait(false);
        foreach (var user in new[] { ClusterPermissions.RootUser, ClusterPermissions.AdminUser, ClusterPermissions.RegistrarUser })
        {
            await AddUserAsync(user, password: null, cancellationToken).ConfigureAwait(false);
            await GrantRoleAsync(user, ClusterPermissions.RootRole, cancellationToken).ConfigureAwait(false);
        }
        await AddRoleAsync(ClusterPermissions.HostsRole, cancellationToken).ConfigureAwait(false);
        await GrantAsync(ClusterPermissions.HostsRole, ClusterPermissions.SharedRead(layout), cancellationToken).ConfigureAwait(false);
        foreach (var grant in ClusterPermissions.SharedGrants(layout))
        {
            await GrantAsync(ClusterPermissions.HostsRole, grant, cancellationToken).ConfigureAwait(false);
        }
        await AddRoleAsync(ClusterPermissions.EnrolRole, cancellationToken).ConfigureAwait(false);
        await GrantAsync(ClusterPermissions.EnrolRole, ClusterPermissions.EnrolGrant(layout), cancellationToken).ConfigureAwait(false);
        await AddUserAsync(ClusterPermissions.EnrolUser, ClusterPermissions.EnrolPassword(authority), cancellationToken).ConfigureAwait(false);
        await GrantRoleAsync(ClusterPermissions.EnrolUser, ClusterPermissions.EnrolRole, cancellationToken).ConfigureAwait(false);
        await RegisterHostAsync(ownHost, cancellationToken).ConfigureAwait(false);
        await Call(ct => client.AuthEnableAsync(new AuthEnableRequest(), deadline: Deadline(), cancellationToken: ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives <paramref name="host"/> its user (certificate only, no password) and its roles.</summary>
    public async Task RegisterHostAsync(string host, CancellationToken cancellationToken)
    {
        WorldKeys.ValidateHostname(host);
        if (ClusterPermissions.IsReserved(host))
        {
            throw new WorldException($"\"{host}\" is a reserved name (root and mgmt-... are etcd users with more rights than a host's): give the host another name");
        }
        var role = ClusterPermissions.HostRole(host);
        await AddRoleAsync(role, cancellationToken).ConfigureAwait(false);
        foreach (var grant in ClusterPermissions.HostGrants(layout, host))
        {
            await GrantAsync(role, grant, cancellationToken).ConfigureAwait(false);
        }
        await AddUserAsync(host, password: null, cancellationToken).ConfigureAwait(false);
        await GrantRoleAsync(host, role, cancellationToken).ConfigureAwait(false);
        await GrantRoleAsync(host, ClusterPermissions.HostsRole, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes <paramref name="host"/>'s user and role away; true when there was a user to delete.</summary>
    public async Task<bool> UnregisterHostAsync(string host, CancellationToken cancellationToken)
    {
        var deleted = await IgnoreAsync(ct => client.UserDeleteAsync(new AuthUserDeleteRequest { Name = host }, deadline: Deadline(), cancellationToken: ct), "not found", cancellationToken)
            .ConfigureAwait(false);
        await IgnoreAsync(ct => client.RoleDeleteAsync(new AuthRoleDeleteRequest { Role = ClusterPermissions.HostRole(host) }, deadline: Deadline(), cancellationToken: ct), "not found", cancellationToken)
            .ConfigureAwait(false);
        return deleted;
    }

    /// <summary>The hosts that have a user now (every user that is not a reserved name).</summary>
    public async Task<IReadOnlyList<string>> RegisteredHostsAsync(CancellationToken cancellationToken)
    {
        var response = await Call(ct => client.UserListAsync(new AuthUserListRequest(), deadline: Deadline(), cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return [.. response.Users.Where(u => !ClusterPermissions.IsReserved(u)).Order(StringComparer.Ordinal)];
    }

    /// <summary>The roles of user <paramref name="user"/>, or null when there is no such user.</summary>
    public async Task<IReadOnlyList<string>?> RolesOfAsync(string user, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Call(ct => client.UserGetAsync(new AuthUserGetRequest { Name = user }, deadline: Deadline(), cancellationToken: ct), cancellationToken).ConfigureAwait(false);
            return [.. response.Roles];
        }
        catch (WorldException e) when (e.Message.Contains("not found", StringComparison.Ordinal))
        {
            return null;
        }
    }

    private Task AddRoleAsync(string role, CancellationToken cancellationToken) =>
        IgnoreAsync(ct => client.RoleAddAsync(new AuthRoleAddRequest { Name = role }, deadline: Deadline(), cancellationToken: ct), "already exists", cancellationToken);

    private Task AddUserAsync(string user, string? password, CancellationToken cancellationToken)
    {
        var request = password is null
            ? new AuthUserAddRequest { Name = user, Options = new UserAddOptions { NoPassword = true } }
            : new AuthUserAddRequest { Name = user, Password = password };
        return IgnoreAsync(ct => client.UserAddAsync(request, deadline: Deadline(), cancellationToken: ct), "already exists", cancellationToken);
    }

    private Task GrantRoleAsync(string user, string role, CancellationToken cancellationToken) =>
        Call(ct => client.UserGrantRoleAsync(new AuthUserGrantRoleRequest { User = user, Role = role }, deadline: Deadline(), cancellationToken: ct), cancellationToken);

    private Task GrantAsync(string role, KeyGrant grant, CancellationToken cancellationToken)
    {
        var permission = new Permission
        {
            Key = EtcdKeyValueStore.Bytes(grant.Key),
            PermType = grant switch
            {
                { Read: true, Write: true } => Permission.Types.Type.Readwrite,
                { Write: true } => Permission.Types.Type.Write,
                _ => Permission.Types.Type.Read,
            },
        };
        if (grant.IsPrefix)
        {
            permission.RangeEnd = EtcdKeyValueStore.PrefixEnd(grant.Key);
        }
        // Granting a permission the role has already is accepted by etcd (it replaces it by itself).
        return Call(ct => client.RoleGrantPermissionAsync(new AuthRoleGrantPermissionRequest { Name = role, Perm = permission }, deadline: Deadline(), cancellationToken: ct),
            cancellationToken);
    }

    /// <summary>Runs a call whose failure with <paramref name="harmless"/> in its message means "already done"; true when it did something.</summary>
    private async Task<bool> IgnoreAsync<T>(Func<CancellationToken, Task<T>> call, string harmless, CancellationToken cancellationToken)
    {
        try
        {
            await Call(call, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (WorldException e) when (e.Message.Contains(harmless, StringComparison.Ordinal))
        {
            return false;
        }
    }

    private DateTime Deadline() => DateTime.UtcNow + callTimeout;

    private static async Task<T> Call<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw EtcdKeyValueStore.Translate(e, 0, cancellationToken);
        }
    }
}
