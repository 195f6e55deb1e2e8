using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;
using Mgmt.World.Store;

namespace Mgmt.World.Etcd;

/// <summary>
/// <see cref="IKeyValueStore"/> over a real etcd cluster with <c>dotnet-etcd</c>. Every call has a deadline
/// (a hung member must not hang the agent); transient gRPC failures become
/// <see cref="StoreUnavailableException"/> so the world retries them; watches carry etcd's "require leader"
/// header, so a member cut off from its cluster ends the watch instead of silently sending nothing.
/// </summary>
public sealed partial class EtcdKeyValueStore : IKeyValueStore
{
    private readonly EtcdClient _client;
    private readonly GrpcChannel _channel;
    private readonly MemberEndpointResolver _resolver;
    private readonly TimeSpan _callTimeout;

    /// <param name="endpoints">Client URLs of the cluster's members, such as <c>http://127.0.0.1:2379</c>.</param>
    /// <param name="callTimeout">The deadline of one call (the world retries past it).</param>
    /// <param name="tls">The certificate to connect with and the CA the members' certificates must chain to;
    /// null for plain text. The endpoints' scheme must match (https with it, http without).</param>
    public EtcdKeyValueStore(IReadOnlyList<string> endpoints, TimeSpan? callTimeout = null, EtcdTls? tls = null)
    {
        if (endpoints.Count == 0)
        {
            throw new WorldException("no etcd endpoint was given: pass at least one client URL, such as --seeds=http://127.0.0.1:2379");
        }
        _callTimeout = callTimeout ?? TimeSpan.FromSeconds(3);
        foreach (var endpoint in endpoints)
        {
            EtcdTls.CheckScheme(tls, endpoint, "--seeds");
        }
        Tls = tls;
        _resolver = new MemberEndpointResolver(endpoints);
        _channel = CreateChannel(_resolver, tls);
        _client = new EtcdClient(_channel.CreateCallInvoker());
        Members = new EtcdClusterMembers(_client, _callTimeout, tls);
    }

    /// <summary>The TLS material this client connects with; null for plain text.</summary>
    public EtcdTls? Tls { get; }

    /// <summary>The client endpoints in use now: the ones given, then the voting members' client URLs once
    /// <see cref="FollowMembersAsync"/> has read the member list.</summary>
    public IReadOnlyList<string> Endpoints => _resolver.Endpoints;

    /// <summary>The cluster's own operations (member list, add, remove, election) over this client.</summary>
    public EtcdClusterMembers Members { get; }

    /// <summary>The client, for the cluster calls of the supervisor (member add, member list).</summary>
    internal EtcdClient Client => _client;

    /// <summary>
    /// One channel that balances calls (round robin) over the endpoints of <paramref name="resolver"/>, which change
    /// with the member list. A dead member's connection fails at once and calls go to the others; keep-alive pings
    /// find a member that stopped answering without closing its connections.
    /// </summary>
    private static GrpcChannel CreateChannel(MemberEndpointResolver resolver, EtcdTls? tls)
    {
        var factory = new MemberEndpointResolver.Factory(resolver);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(3),
            KeepAlivePingDelay = TimeSpan.FromSeconds(5),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            EnableMultipleHttp2Connections = true,
        };
        if (tls is not null)
        {
            // Each member is dialled by the host of its URL, which its certificate must name; our certificate goes
            // along, and etcd (with --client-cert-auth) takes its common name as the user.
            handler.SslOptions = tls.ClientOptions();
        }
        return GrpcChannel.ForAddress($"{MemberEndpointResolver.Factory.Scheme}:///etcd", new GrpcChannelOptions
        {
            Credentials = tls is null ? ChannelCredentials.Insecure : ChannelCredentials.SecureSsl,
            HttpHandler = handler,
            DisposeHttpClient = true,
            ServiceProvider = factory,
            ThrowOperationCanceledOnCancellation = true,
            ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } },
        });
    }

    public async Task<StoreEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var response = await Call(() => _client.GetAsync(new RangeRequest { Key = Bytes(key) }, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        return response.Kvs.Count == 0 ? null : ToEntry(response.Kvs[0]);
    }

    public async Task<StoreRange> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var request = new RangeRequest
        {
            Key = Bytes(prefix),
            RangeEnd = PrefixEnd(prefix),
            SortOrder = RangeRequest.Types.SortOrder.Ascend,
            SortTarget = RangeRequest.Types.SortTarget.Key,
        };
        var response = await Call(() => _client.GetAsync(request, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        return new StoreRange([.. response.Kvs.Select(ToEntry)], response.Header.Revision);
    }

    public async Task<bool> PutAsync(string key, string value, long leaseId, CancellationToken cancellationToken)
    {
        // One transaction: write only when the value or the lease differs, so an identical write wakes no watcher.
        var request = new TxnRequest();
        request.Compare.Add(new Compare { Key = Bytes(key), Target = Compare.Types.CompareTarget.Value, Result = Compare.Types.CompareResult.Equal, Value = Bytes(value) });
        request.Compare.Add(new Compare { Key = Bytes(key), Target = Compare.Types.CompareTarget.Lease, Result = Compare.Types.CompareResult.Equal, Lease = leaseId });
        request.Failure.Add(new RequestOp { RequestPut = new PutRequest { Key = Bytes(key), Value = Bytes(value), Lease = leaseId } });
        var response = await Call(() => _client.TransactionAsync(request, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken, leaseId).ConfigureAwait(false);
        return !response.Succeeded;
    }

    public async Task<StoreEntry?> CreateAsync(string key, string value, long leaseId, CancellationToken cancellationToken)
    {
        var request = new TxnRequest();
        request.Compare.Add(new Compare { Key = Bytes(key), Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 });
        request.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = Bytes(key), Value = Bytes(value), Lease = leaseId } });
        request.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = Bytes(key) } });
        var response = await Call(() => _client.TransactionAsync(request, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken, leaseId).ConfigureAwait(false);
        if (response.Succeeded)
        {
            return null;
        }
        var kvs = response.Responses[0].ResponseRange.Kvs;
        // Deleted between the compare and the read: report it as free, the caller's next try will create it.
        return kvs.Count == 0 ? null : ToEntry(kvs[0]);
    }

    public async Task<AppendOutcome> CreateAfterAsync(string key, string value, string? requiredKey, CancellationToken cancellationToken)
    {
        var request = new TxnRequest();
        request.Compare.Add(new Compare { Key = Bytes(key), Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 });
        if (requiredKey is not null)
        {
            // A key that exists has a creation revision above 0.
            request.Compare.Add(new Compare { Key = Bytes(requiredKey), Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Greater, CreateRevision = 0 });
        }
        request.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = Bytes(key), Value = Bytes(value) } });
        request.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = Bytes(key), CountOnly = true } });
        var response = await Call(() => _client.TransactionAsync(request, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        if (response.Succeeded) return AppendOutcome.Created;
        // The failed branch read the key back: it tells which condition failed.
        return response.Responses[0].ResponseRange.Count > 0 ? AppendOutcome.KeyExists : AppendOutcome.RequiredKeyMissing;
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var response = await Call(() => _client.DeleteAsync(new DeleteRangeRequest { Key = Bytes(key) }, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        return response.Deleted > 0;
    }

    public async Task<long> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken)
    {
        // etcd counts whole seconds; round up so a lease never ends before the TTL asked for.
        var seconds = (long)Math.Max(1, Math.Ceiling(ttl.TotalSeconds));
        var response = await Call(() => _client.LeaseGrantAsync(new LeaseGrantRequest { TTL = seconds }, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        if (!string.IsNullOrEmpty(response.Error))
        {
            throw new StoreUnavailableException($"etcd refused a lease: {response.Error}");
        }
        return response.ID;
    }

    public async Task<bool> KeepAliveAsync(long leaseId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_callTimeout);
        try
        {
            using var call = _client.GetConnection().LeaseClient.LeaseKeepAlive(cancellationToken: timeout.Token);
            await call.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = leaseId }, timeout.Token).ConfigureAwait(false);
            if (!await call.ResponseStream.MoveNext(timeout.Token).ConfigureAwait(false))
            {
                throw new StoreUnavailableException("etcd closed the keep-alive stream");
            }
            var ttl = call.ResponseStream.Current.TTL;
            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
            return ttl > 0;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnavailableException($"etcd did not renew a lease within {_callTimeout.TotalSeconds:0.#} s");
        }
        catch (RpcException e)
        {
            throw Translate(e, leaseId, cancellationToken);
        }
    }

    public async Task<TimeSpan?> LeaseTimeToLiveAsync(long leaseId, CancellationToken cancellationToken)
    {
        var response = await Call(() => _client.LeaseTimeToLiveAsync(new LeaseTimeToLiveRequest { ID = leaseId }, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken, leaseId)
            .ConfigureAwait(false);
        // etcd answers -1 for a lease that expired or never existed.
        return response.TTL < 0 ? null : TimeSpan.FromSeconds(response.TTL);
    }

    public async Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken)
    {
        try
        {
            await Call(() => _client.LeaseRevokeAsync(new LeaseRevokeRequest { ID = leaseId }, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken, leaseId)
                .ConfigureAwait(false);
        }
        catch (StoreLeaseNotFoundException)
        {
            // Already gone: that is what we wanted.
        }
    }

    public ValueTask DisposeAsync()
    {
        Members.Dispose();
        _client.Dispose();
        _channel.Dispose();
        return ValueTask.CompletedTask;
    }

    private DateTime Deadline() => DateTime.UtcNow + _callTimeout;

    private async Task<T> Call<T>(Func<Task<T>> call, CancellationToken cancellationToken, long leaseId = 0)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw Translate(e, leaseId, cancellationToken);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The client reports its own deadline as a cancellation: for us it is a store that did not answer.
            throw new StoreUnavailableException($"etcd did not answer within {_callTimeout.TotalSeconds:0.#} s", e);
        }
    }

    internal static Exception Translate(RpcException e, long leaseId, CancellationToken cancellationToken)
    {
        var detail = string.IsNullOrEmpty(e.Status.Detail) ? e.StatusCode.ToString() : e.Status.Detail;
        if (e.StatusCode == StatusCode.NotFound && detail.Contains("lease", StringComparison.OrdinalIgnoreCase))
        {
            return new StoreLeaseNotFoundException(leaseId);
        }
        if (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException(cancellationToken);
        }
        if (Causes(e).OfType<System.Security.Authentication.AuthenticationException>().Any())
        {
            // The member's certificate is not one of our CA (or not for the name dialled): retrying cannot help.
            return new WorldException(
                "etcd's certificate was refused: it is not signed by the CA of --tls-ca, or it does not name the host of the URL "
                + "(mgmt tls issue --san adds names). " + detail, e);
        }
        if (e.StatusCode == StatusCode.PermissionDenied)
        {
            return new WorldPermissionException(
                $"etcd refused the request: {detail}. In a cluster with per-host permissions a host's certificate may write only that host's keys "
                + "and the shared ones, and only an administrator's certificate (mgmt tls issue --admin) may deploy or change the cluster (see docs/security.md)", e);
        }
        return e.StatusCode switch
        {
            StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled or StatusCode.Unknown
                or StatusCode.Aborted or StatusCode.ResourceExhausted or StatusCode.Internal
                => new StoreUnavailableException($"etcd: {detail}", e),
            _ => new WorldException($"etcd refused the request: {detail}", e),
        };
    }

    private static IEnumerable<Exception> Causes(Exception e)
    {
        for (Exception? c = e; c is not null; c = c.InnerException)
        {
            yield return c;
        }
        if (e is RpcException { Status.DebugException: { } debug })
        {
            for (Exception? c = debug; c is not null; c = c.InnerException)
            {
                yield return c;
            }
        }
    }

    internal static ByteString Bytes(string text) => ByteString.CopyFromUtf8(text);

    /// <summary>The first key after every key that starts with <paramref name="prefix"/>.</summary>
    internal static ByteString PrefixEnd(string prefix)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(prefix);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            if (bytes[i] < 0xff)
            {
                bytes[i]++;
                return ByteString.CopyFrom(bytes, 0, i + 1);
            }
        }
        return ByteString.CopyFrom(0); // every key
    }

    private static StoreEntry ToEntry(Mvccpb.KeyValue kv) =>
        new(kv.Key.ToStringUtf8(), kv.Value.ToStringUtf8(), kv.CreateRevision, kv.ModRevision, kv.Lease);
}
