using Mgmt.World.Core;
using Mgmt.World.Etcd;
using Mgmt.World.Store;

namespace Mgmt.World.Cluster;

/// <summary>
/// One agent's part in a cluster that runs itself. The agent volunteers to run an etcd member (unless
/// <see cref="MembershipOptions.Volunteer"/> is off), campaigns in etcd's election for the leadership, runs the
/// <see cref="MembershipLeader"/> while it leads, starts its member when the leader nominates it and removes it
/// when unnominated, and keeps its client's endpoints equal to the members' client URLs. Disposing it leaves
/// cleanly: the member is removed from the cluster before it stops.
/// </summary>
public sealed partial class ClusterMembership : IAsyncDisposable
{
    private readonly EtcdWorld _world;
    private readonly MembershipOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _memberGate = new(1, 1);
    private readonly List<Task> _loops = [];
    private EtcdSupervisor? _member;
    private Leadership? _leadership;
    private int _disposed;

    private ClusterMembership(EtcdWorld world, MembershipOptions options)
    {
        _world = world;
        _options = options;
        _member = options.Bootstrap;
    }

    /// <summary>This agent's etcd member now, or null while it runs none.</summary>
    public EtcdSupervisor? Member => Volatile.Read(ref _member);

    /// <summary>True while this agent is the elected leader.</summary>
    public bool IsLeader => Volatile.Read(ref _leadership) is not null;

    private string Hostname => _world.Hostname;

    private KeyLayout Layout => _world.Layout;

    /// <summary>
    /// Joins the membership: writes the ideal size when given, volunteers, and starts following the nomination, the
    /// election and the member list in the background.
    /// </summary>
    public static async Task<ClusterMembership> StartAsync(EtcdWorld world, MembershipOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(options);
        var membership = new ClusterMembership(world, options);
        var cluster = world.Cluster;
        if (options.IdealSize is { } size)
        {
            await cluster.SetIdealSizeAsync(size, cancellationToken).ConfigureAwait(false);
        }
        else if (options.Bootstrap is not null)
        {
            await cluster.SetIdealSizeIfUnsetAsync(ClusterStatus.DefaultIdealSize, cancellationToken).ConfigureAwait(false);
        }
        if (options.Bootstrap is not null)
        {
            // The first member of a new cluster is nominated by its own agent: nobody else could.
            await cluster.Calls.RunAsync("nominate the first member", (s, ct) => s.PutAsync(world.Layout.NominatedKey(world.Hostname), membership.OwnUrls(), 0, ct), cancellationToken)
                .ConfigureAwait(false);
        }
        if (options.Volunteer)
        {
            await membership.VolunteerAsync(cancellationToken).ConfigureAwait(false);
        }
        var stop = membership._stop.Token;
        membership._loops.Add(Task.Run(() => membership.FollowEndpointsAsync(stop)));
        membership._loops.Add(Task.Run(() => membership.FollowNominationAsync(stop)));
        if (options.Campaign)
        {
            membership._loops.Add(Task.Run(() => membership.CampaignAsync(stop)));
        }
        return membership;
    }

    private string OwnUrls() => WorldJson.Write(new MemberUrlsRecord(
        _options.Member.AdvertisePeerUrls.Count > 0 ? _options.Member.AdvertisePeerUrls : _options.Member.PeerUrls,
        _options.Member.AdvertiseClientUrls.Count > 0 ? _options.Member.AdvertiseClientUrls : _options.Member.ClientUrls));

    private Task VolunteerAsync(CancellationToken cancellationToken) =>
        _world.PutOnSessionAsync(Layout.VolunteerKey(Hostname), OwnUrls(), cancellationToken);

    private Task WithdrawAsync(CancellationToken cancellationToken) =>
        _world.DeleteFromSessionAsync(Layout.VolunteerKey(Hostname), cancellationToken);

    private async Task FollowEndpointsAsync(CancellationToken stop)
    {
        var log = _options.Logger;
        await _world.Store.FollowMembersAsync(urls =>
        {
            ClusterLog.Endpoints(log, string.Join(",", urls));
            if (_world.MembershipStore != _world.Store) _world.MembershipStore.UseEndpoints(urls);
        }, _options.Time, stop).ConfigureAwait(false);
    }

    /// <summary>Waits <paramref name="delay"/>; false when stopping meanwhile.</summary>
    private async Task<bool> PauseAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, _options.Time, stop).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Leaves cleanly: resigns the leadership, stops volunteering, removes this agent's member from the
    /// cluster and stops it. The cluster's last member cannot leave: it is left running in <see cref="Member"/>, for
    /// the owner to stop after it disposed the world.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var loop in _loops)
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var detail = "";
        try
        {
            if (Volatile.Read(ref _leadership) is { } leadership)
            {
                await _world.Store.Members.ResignAsync(leadership, bound.Token).ConfigureAwait(false);
            }
            if (_options.Volunteer)
            {
                await WithdrawAsync(bound.Token).ConfigureAwait(false);
            }
            detail = await LeaveMemberAsync(bound.Token, cleanExit: true).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WorldException or StoreUnavailableException or OperationCanceledException)
        {
            var why = e is OperationCanceledException ? "it did not answer in time" : e.Message;
            detail = $" (the cluster could not be told everything: {why}; the leader cleans up after the session TTL)";
        }
        // A member that is still here (the cluster's last, or the cluster could not be reached) stays running: the
        // owner disposes the world first (it needs the member to withdraw this host), then <see cref="Member"/>.
        ClusterLog.Left(_options.Logger, Hostname, detail);
    }
}
