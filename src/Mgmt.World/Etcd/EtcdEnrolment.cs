using dotnet_etcd;
using Etcdserverpb;
using Grpc.Core;
using Mgmt.World.Core;
using Mgmt.World.Store;
using Mgmt.World.Tls;
using Microsoft.Extensions.Logging;

namespace Mgmt.World.Etcd;

/// <summary>
/// How a host without an etcd user gets one: it signs in as the enrol user (whose only right is writing
/// <c>enrol/...</c>), writes <c>enrol/&lt;host&gt;</c> on a lease it keeps alive, and waits until its own certificate
/// can read its own presence key, that is until a registrar gave it its user and role. Then it drops the request
/// (its presence, written next, is what keeps it registered).
/// </summary>
internal static class EtcdEnrolment
{
    /// <summary>
    /// Returns at once when <paramref name="store"/>'s certificate identity may already use the cluster (or the cluster
    /// has no permissions); otherwise enrols and waits, as long as it takes, until a registrar registered the host.
    /// </summary>
    public static async Task EnsureRegisteredAsync(EtcdKeyValueStore store, KeyLayout layout, string host, TimeSpan leaseTtl, ILogger logger, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var tls = store.Tls ?? throw new InvalidOperationException("enrolment needs the host's certificate");
        if (await MayUseAsync(store, layout, host, time, cancellationToken).ConfigureAwait(false)) return;
        AccessLog.Waiting(logger, host);
        var password = ClusterPermissions.EnrolPassword(tls.Authority);
        var renewEvery = TimeSpan.FromSeconds(Math.Max(1, leaseTtl.TotalSeconds / 3));
        Request? request = null;
        while (true)
        {
            try
            {
                request ??= await RequestAsync(store.Client, layout.EnrolKey(host), password, leaseTtl, cancellationToken).ConfigureAwait(false);
                if (time.GetUtcNow() - request.Renewed >= renewEvery)
                {
                    await request.RenewAsync(store.Client, time, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is RpcException or StoreUnavailableException or WorldException)
            {
                // A token that ran out, a lease that expired, etcd away for a moment: ask again from the start.
                request = null;
                AccessLog.Retrying(logger, "asking for an etcd user", e.Message);
            }
            await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
            if (await MayUseAsync(store, layout, host, time, cancellationToken).ConfigureAwait(false)) break;
        }
        if (request is not null) await request.WithdrawAsync(store.Client).ConfigureAwait(false);
        AccessLog.Registered(logger, host);
    }

    /// <summary>True when this certificate may read the host's own presence key (refused before registration).</summary>
    private static async Task<bool> MayUseAsync(EtcdKeyValueStore store, KeyLayout layout, string host, TimeProvider time, CancellationToken cancellationToken)
    {
        var calls = new StoreCalls(store, TimeSpan.FromSeconds(10), time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, "etcd");
        try
        {
            await calls.RunAsync("check this host's etcd user", (s, ct) => s.GetAsync(layout.HostKey(host), ct), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (WorldPermissionException)
        {
            return false;
        }
    }

    private static async Task<Request> RequestAsync(EtcdClient client, string key, string password, TimeSpan leaseTtl, CancellationToken cancellationToken)
    {
        var login = await client.AuthenticateAsync(new AuthenticateRequest { Name = ClusterPermissions.EnrolUser, Password = password },
            deadline: Deadline(), cancellationToken: cancellationToken).ConfigureAwait(false);
        var headers = new Metadata { { "token", login.Token } };
        var lease = await client.LeaseGrantAsync(new LeaseGrantRequest { TTL = (long)Math.Max(1, Math.Ceiling(leaseTtl.TotalSeconds)) }, headers,
            Deadline(), cancellationToken).ConfigureAwait(false);
        await client.PutAsync(new PutRequest { Key = EtcdKeyValueStore.Bytes(key), Value = EtcdKeyValueStore.Bytes("enrol"), Lease = lease.ID }, headers,
            Deadline(), cancellationToken).ConfigureAwait(false);
        return new Request(headers, lease.ID) { Renewed = DateTimeOffset.MinValue };
    }

    private static DateTime Deadline() => DateTime.UtcNow + TimeSpan.FromSeconds(3);

    /// <summary>A written request: the enrol user's token and the lease that holds <c>enrol/&lt;host&gt;</c>.</summary>
    private sealed record Request(Metadata Headers, long Lease)
    {
        public DateTimeOffset Renewed { get; set; }

        public async Task RenewAsync(EtcdClient client, TimeProvider time, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var call = client.GetConnection().LeaseClient.LeaseKeepAlive(Headers, cancellationToken: timeout.Token);
            await call.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = Lease }, timeout.Token).ConfigureAwait(false);
            if (!await call.ResponseStream.MoveNext(timeout.Token).ConfigureAwait(false) || call.ResponseStream.Current.TTL <= 0)
            {
                throw new StoreUnavailableException("the enrol request's lease is gone");
            }
            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
            Renewed = time.GetUtcNow();
        }

        /// <summary>Drops the request (best effort: it runs out with its lease anyway).</summary>
        public async Task WithdrawAsync(EtcdClient client)
        {
            try
            {
                await client.LeaseRevokeAsync(new LeaseRevokeRequest { ID = Lease }, Headers, Deadline()).ConfigureAwait(false);
            }
            catch (RpcException)
            {
            }
        }
    }
}
