using Mgmt.Engine.Exports;
using Mgmt.World;
using Mgmt.World.Embedded;
using Mgmt.World.Etcd;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Agent;

/// <summary>
/// The agent's view of the cluster: its world and, when it runs one, its etcd member. Started before the engine,
/// disposed after it: the world withdraws this host's presence, map entries, exports and candidacies (its leases
/// are revoked), then the member stops.
/// </summary>
public sealed class AgentWorld : IAsyncDisposable
{
    private AgentWorld(IWorld world, EtcdSupervisor? member, ILogger log, TimeProvider time)
    {
        World = world;
        Member = member;
        Exports = new WorldExportStore(world, log, time);
    }

    public IWorld World { get; }

    /// <summary>This agent's etcd member, or null when it runs none.</summary>
    public EtcdSupervisor? Member { get; }

    /// <summary>The world as the engine's export store.</summary>
    public IExportStore Exports { get; }

    /// <summary>
    /// Starts the world the settings ask for: the embedded one, a client of <see cref="ClusterSettings.Seeds"/>, or a
    /// member of this agent (a new cluster, or joining the seeds) with a client of it.
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
                Logger = worldLog,
                Time = time,
                Metrics = metrics,
            }, cancellationToken: cancel).ConfigureAwait(false);
            return new AgentWorld(embedded, null, worldLog, time);
        }

        WorldKeys.ValidateHostname(hostname); // before a member is started under that name
        EtcdSupervisor? member = null;
        IReadOnlyList<string> endpoints = cluster.Seeds;
        if (cluster.RunsMember)
        {
            member = await EtcdSupervisor.StartAsync(new EtcdMemberOptions
            {
                Name = hostname,
                DataDirectory = Path.Combine(prefix, "etcd"),
                ClientUrls = cluster.ClientUrls.Count > 0 ? cluster.ClientUrls : [ClusterSettings.DefaultClientUrl],
                PeerUrls = cluster.ServerUrls.Count > 0 ? cluster.ServerUrls : [ClusterSettings.DefaultServerUrl],
                AdvertiseClientUrls = cluster.AdvertiseClientUrls,
                AdvertisePeerUrls = cluster.AdvertiseServerUrls,
                JoinEndpoints = cluster.Seeds,
                ReplaceStaleData = cluster.ReplaceStaleData,
                Logger = loggers.CreateLogger("etcd"),
                Time = time,
            }, cancel).ConfigureAwait(false);
            // Our own member first; the seeds let the client move on when our member is down.
            endpoints = [.. member.ClientUrls, .. cluster.Seeds.Except(member.ClientUrls, StringComparer.OrdinalIgnoreCase)];
        }
        try
        {
            var world = await EtcdWorld.ConnectAsync(new EtcdWorldOptions
            {
                Hostname = hostname,
                Endpoints = endpoints,
                SessionTtl = cluster.SessionTtl,
                Logger = worldLog,
                Time = time,
                Metrics = metrics,
            }, cancel).ConfigureAwait(false);
            return new AgentWorld(world, member, worldLog, time);
        }
        catch
        {
            if (member is not null) await member.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await World.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            if (Member is not null) await Member.DisposeAsync().ConfigureAwait(false);
        }
    }
}
