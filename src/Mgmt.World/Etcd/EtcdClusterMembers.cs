using dotnet_etcd;
using Etcdserverpb;
using Grpc.Core;
using Mgmt.World.Cluster;
using Mgmt.World.Store;
using V3Electionpb;

namespace Mgmt.World.Etcd;

/// <summary>
/// <see cref="IClusterMembers"/> over the world's etcd client: the cluster API (member list, add as learner,
/// promote, remove) and etcd's own election service (campaign, leader, resign).
/// </summary>
public sealed class EtcdClusterMembers : IClusterMembers, IDisposable
{
    private readonly EtcdClient _client;
    private readonly TimeSpan _callTimeout;
    private readonly HttpClient _http;

    internal EtcdClusterMembers(EtcdClient client, TimeSpan callTimeout, EtcdTls? tls)
    {
        _client = client;
        _callTimeout = callTimeout;
        // With TLS a member answers /health only to a client that shows a certificate of the cluster CA.
        _http = tls is null ? new HttpClient() : new HttpClient(tls.HttpHandler());
        _http.Timeout = TimeSpan.FromSeconds(1);
    }

    public async Task<IReadOnlyList<ClusterMemberInfo>> ListAsync(CancellationToken cancellationToken)
    {
        var response = await Call(ct => _client.MemberListAsync(new MemberListRequest(), deadline: Deadline(), cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return [.. response.Members.Select(ToInfo)];
    }

    public async Task<(ClusterMemberInfo Added, IReadOnlyList<ClusterMemberInfo> Members)> AddLearnerAsync(IReadOnlyList<string> peerUrls, CancellationToken cancellationToken)
    {
        var request = new MemberAddRequest { IsLearner = true };
        request.PeerURLs.AddRange(peerUrls);
        var response = await Call(ct => _client.MemberAddAsync(request, deadline: Deadline(), cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return (ToInfo(response.Member), [.. response.Members.Select(ToInfo)]);
    }

    public async Task<bool> PromoteAsync(ulong memberId, CancellationToken cancellationToken)
    {
        try
        {
            await Call(ct => _client.MemberPromoteAsync(new MemberPromoteRequest { ID = memberId }, deadline: Deadline(), cancellationToken: ct), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (WorldException e) when (e.InnerException is RpcException { StatusCode: StatusCode.FailedPrecondition })
        {
            return false; // not in sync with the leader yet
        }
    }

    public async Task<bool> RemoveAsync(ulong memberId, CancellationToken cancellationToken)
    {
        try
        {
            await Call(ct => _client.MemberRemoveAsync(new MemberRemoveRequest { ID = memberId }, deadline: Deadline(), cancellationToken: ct), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (WorldException e) when (e.InnerException is RpcException { StatusCode: StatusCode.NotFound })
        {
            return false;
        }
        catch (WorldException e) when (e.InnerException is RpcException { StatusCode: StatusCode.FailedPrecondition } rpc)
        {
            // etcd refuses a removal that would leave too few started members for a quorum: wait and retry.
            throw new StoreUnavailableException($"etcd refused to remove member {memberId:x} now: {rpc.Status.Detail}", e);
        }
    }

    public async Task<bool> IsHealthyAsync(ClusterMemberInfo member, CancellationToken cancellationToken)
    {
        foreach (var url in member.ClientUrls)
        {
            try
            {
                var body = await _http.GetStringAsync(url.TrimEnd('/') + "/health", cancellationToken).ConfigureAwait(false);
                if (body.Contains("\"health\":\"true\"", StringComparison.Ordinal)) return true;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
            }
        }
        return false;
    }

    public async Task<Leadership?> CampaignAsync(string election, long leaseId, string value, CancellationToken cancellationToken)
    {
        var request = new CampaignRequest { Name = EtcdKeyValueStore.Bytes(election), Lease = leaseId, Value = EtcdKeyValueStore.Bytes(value) };
        try
        {
            // A campaign waits for as long as another agent leads, but one sent to a member that has just lost its
            // leader hangs until etcd's request timeout (7 s): so each call is bounded, and the caller campaigns again.
            var response = await _client.CampaignAsync(request, deadline: DateTime.UtcNow + CampaignRound, cancellationToken: cancellationToken).ConfigureAwait(false);
            var leader = response.Leader;
            return new Leadership(election, leader.Key.ToStringUtf8(), leader.Rev, leader.Lease);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded || e.Status.Detail.Contains("context deadline exceeded", StringComparison.Ordinal))
        {
            return null; // the round ended (etcd reports its own side of the deadline as an unknown error)
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null; // the channel reports its deadline as a cancellation
        }
        catch (RpcException e)
        {
            throw EtcdKeyValueStore.Translate(e, leaseId, cancellationToken);
        }
    }

    public async Task<(string Key, string Value)?> LeaderAsync(string election, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Call(ct => _client.LeaderAsync(new LeaderRequest { Name = EtcdKeyValueStore.Bytes(election) }, deadline: Deadline(), cancellationToken: ct), cancellationToken)
                .ConfigureAwait(false);
            return response.Kv is null || response.Kv.Key.IsEmpty ? null : (response.Kv.Key.ToStringUtf8(), response.Kv.Value.ToStringUtf8());
        }
        catch (WorldException e) when (e.InnerException is RpcException { StatusCode: StatusCode.NotFound or StatusCode.Unknown } rpc
            && rpc.Status.Detail.Contains("no leader", StringComparison.OrdinalIgnoreCase))
        {
            return null; // nobody campaigns
        }
        catch (StoreUnavailableException e) when (e.InnerException is RpcException rpc && rpc.Status.Detail.Contains("election: no leader", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
    }

    public async Task ResignAsync(Leadership leadership, CancellationToken cancellationToken)
    {
        var key = new LeaderKey
        {
            Name = EtcdKeyValueStore.Bytes(leadership.Election),
            Key = EtcdKeyValueStore.Bytes(leadership.Key),
            Rev = leadership.Revision,
            Lease = leadership.LeaseId,
        };
        await Call(ct => _client.ResignAsync(new ResignRequest { Leader = key }, deadline: Deadline(), cancellationToken: ct), cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>How long one campaign call may wait before it is made again (<see cref="CampaignAsync"/>).</summary>
    public static readonly TimeSpan CampaignRound = TimeSpan.FromSeconds(3);

    private DateTime Deadline() => DateTime.UtcNow + _callTimeout;

    private static ClusterMemberInfo ToInfo(Member m) => new(m.ID, m.Name, [.. m.PeerURLs], [.. m.ClientURLs], m.IsLearner, null);

    private async Task<T> Call<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, long leaseId = 0)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw EtcdKeyValueStore.Translate(e, leaseId, cancellationToken);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnavailableException($"etcd did not answer within {_callTimeout.TotalSeconds:0.#} s", e);
        }
    }
}
