using Mgmt.Engine.Exports;
using Mgmt.World;
using Mgmt.World.Cluster;
using Mgmt.World.Embedded;
using Mgmt.World.Etcd;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Agent;

/// <summary>
/// The agent's view of the cluster: its world and, in a cluster, its part in the membership (volunteering, the
/// election, its etcd member when nominated). Started before the engine, disposed after it: the membership leaves
/// first (its member is removed from the cluster before it stops), then the world withdraws this host's presence,
/// map entries, exports and candidacies, then a member that could not leave (the cluster's last) stops.
/// </summary>
public sealed class AgentWorld : IAsyncDisposable
{
    private AgentWorld(IWorld world, ClusterMembership? membership, ILogger log, TimeProvider time)
    {
        World = world;
        Membership = membership;
        Exports = new WorldExportStore(world, log, time);
    }

    public IWorld World { get; }

    /// <summary>This agent's part in the cluster's membership; null alone on its machine.</summary>
    public ClusterMembership? Membership { get; }

    /// <summary>This agent's part in per-host permissions (the registrar it runs); null without them.</summary>
    private ClusterAccess? Access { get; init; }

    /// <summary>This agent's etcd member now, or null while it runs none.</summary>
    public EtcdSupervisor? Member => Membership?.Member;

    /// <summary>The world as the engine's export store.</summary>
    public IExportStore Exports { get; }

    /// <summary>
    /// Starts the world the settings ask for: the embedded one; the first member of a new cluster and a client of it;
    /// or a client of the <see cref="ClusterSettings.Seeds"/> cluster that volunteers to run a member.
    /// </summary>
    /// <exception cref="WorldException">with a message for the user (a port in use, unreachable seeds, a taken
    /// hostname, a data directory that is not ours...). Nothing was left running.</exception>
    public static async Task<AgentWorld> StartAsync(
        ClusterSettings cluster, string hostname, string prefix, ILoggerFactory loggers, TimeProvider time, CancellationToken cancel,
        Mgmt.Engine.Observability.IAgentMetrics? metrics = null)
    {
        var worldLog = loggers.CreateLogger("world");
        if (!cluster.UsesEtcd)
        {
            var embedded = await EmbeddedWorld.StartAsync(new WorldOptions
            {
                Hostname = hostname,
                SessionTtl = cluster.SessionTtl,
                Prefix = prefix,
                Logger = worldLog,
                Time = time,
                Metrics = metrics,
            }, cancellationToken: cancel).ConfigureAwait(false);
            return new AgentWorld(embedded, null, worldLog, time);
        }

        WorldKeys.ValidateHostname(hostname); // before a member is started under that name
        if (cluster.Tls is { } tls && tls.CommonName != hostname)
        {
            // The certificate is the host's identity (etcd takes its common name as the user): it must be this host's.
            throw new WorldException(
                $"--tls-cert is the certificate of \"{tls.CommonName}\" but this agent is \"{hostname}\": give it its own (mgmt tls issue --ca DIR {hostname}), or set --hostname {tls.CommonName}");
        }
        var member = MemberOptions(cluster, hostname, prefix, loggers.CreateLogger("etcd"), time);
        EtcdSupervisor? bootstrap = null;
        IReadOnlyList<string> endpoints = cluster.Seeds;
        if (cluster.Bootstraps)
        {
            bootstrap = await EtcdSupervisor.StartAsync(member, cancel).ConfigureAwait(false);
            endpoints = bootstrap.ClientUrls;
        }
        else if (cluster.MayRunMember)
        {
            CheckVolunteer(member);
        }
        EtcdWorld? world = null;
        ClusterAccess? access = null;
        try
        {
            if (cluster.Permissions)
            {
                // Before the world connects: its first write (the presence) needs this host's etcd user.
                access = await ClusterAccess.PrepareAsync(new ClusterAccessOptions
                {
                    Hostname = hostname,
                    Endpoints = endpoints,
                    Tls = cluster.Tls!,
                    Registrar = cluster.RegistrarTls,
                    Bootstrap = cluster.Bootstraps,
                    LeaseTtl = cluster.SessionTtl,
                    Grace = cluster.RegistrarGrace,
                    Logger = loggers.CreateLogger("access"),
                    Time = time,
                }, cancel).ConfigureAwait(false);
            }
            // With per-host permissions only root may add or remove members: an agent without the registrar's
            // certificate stays a client and does not lead.
            var managesMembers = access is null || access.MayManageMembers;
            world = await EtcdWorld.ConnectAsync(new EtcdWorldOptions
            {
                Hostname = hostname,
                Endpoints = endpoints,
                SessionTtl = cluster.SessionTtl,
                Prefix = prefix,
                Logger = worldLog,
                Time = time,
                Metrics = metrics,
                Tls = cluster.Tls,
                MembershipStore = access?.RegistrarStore,
            }, cancel).ConfigureAwait(false);
            var membership = await ClusterMembership.StartAsync(world, new MembershipOptions
            {
                Member = member,
                Volunteer = cluster.MayRunMember && managesMembers,
                Campaign = managesMembers,
                IdealSize = cluster.IdealClusterSize,
                Bootstrap = bootstrap,
                Logger = loggers.CreateLogger("cluster"),
                Time = time,
            }, cancel).ConfigureAwait(false);
            return new AgentWorld(world, membership, worldLog, time) { Access = access };
        }
        catch
        {
            if (world is not null) await world.DisposeAsync().ConfigureAwait(false);
            if (access is not null) await access.DisposeAsync().ConfigureAwait(false);
            if (bootstrap is not null) await bootstrap.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The member this agent runs when nominated (or at once, as the first agent of a new cluster).</summary>
    private static EtcdMemberOptions MemberOptions(ClusterSettings cluster, string hostname, string prefix, ILogger log, TimeProvider time) => new()
    {
        Name = hostname,
        DataDirectory = Path.Combine(prefix, "etcd"),
        ClientUrls = cluster.ClientUrls.Count > 0 ? cluster.ClientUrls : [cluster.DefaultClientUrlFor],
        PeerUrls = cluster.ServerUrls.Count > 0 ? cluster.ServerUrls : [cluster.DefaultServerUrlFor],
        AdvertiseClientUrls = cluster.AdvertiseClientUrls,
        AdvertisePeerUrls = cluster.AdvertiseServerUrls,
        ReplaceStaleData = cluster.ReplaceStaleData,
        Tls = cluster.Tls,
        Logger = log,
        Time = time,
    };

    /// <summary>A volunteer must be able to run its member when nominated: say so now rather than fail later.</summary>
    private static void CheckVolunteer(EtcdMemberOptions member)
    {
        try
        {
            EtcdSupervisor.CheckCanRun(member);
        }
        catch (EtcdMemberException e)
        {
            throw new EtcdMemberException(
                $"this agent volunteers to run an etcd member when the cluster needs one, but it could not: {e.Message} "
                + "(several agents on one machine need their own --client-urls and --server-urls; --no-server keeps an agent a client)", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Membership is not null) await Membership.DisposeAsync().ConfigureAwait(false);
            await World.DisposeAsync().ConfigureAwait(false);
            if (Access is not null) await Access.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            // A member that could not leave (the cluster's last) stops after the world, which needed it to withdraw.
            if (Membership?.Member is { } member) await member.DisposeAsync().ConfigureAwait(false);
        }
    }
}
