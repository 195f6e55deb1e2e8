using Mgmt.World;

namespace Mgmt.Cli.Observability;

/// <summary>
/// What the hosts page shows about the cluster. Each field is null while nothing feeds it: the page then says
/// "not known", never a guess.
/// </summary>
/// <param name="Hosts">The live agents of the world.</param>
/// <param name="Members">The etcd members (names), when the cluster code tells them.</param>
/// <param name="Deploys">The deploy each host runs, by host name, when the deploy code tells them.</param>
/// <param name="Converged">Whether each host has converged, by host name, when the world publishes it.</param>
internal sealed record ClusterFacts(
    IReadOnlyList<HostInfo> Hosts,
    IReadOnlyList<string>? Members = null,
    IReadOnlyDictionary<string, string>? Deploys = null,
    IReadOnlyDictionary<string, bool>? Converged = null);

/// <summary>
/// The hook of the hosts page: where it reads the cluster's facts. Today only the hosts come from the world
/// (<see cref="WorldClusterFacts"/>); the members, the deploy each host runs and their convergence are added by
/// implementing this with the cluster and deploy code, and handing it to <see cref="LiveView"/>.
/// </summary>
internal interface IClusterFacts
{
    Task<ClusterFacts> ReadAsync(CancellationToken cancel);
}

/// <summary>The facts the world contract offers today: its live hosts.</summary>
internal sealed class WorldClusterFacts(IWorld world) : IClusterFacts
{
    public async Task<ClusterFacts> ReadAsync(CancellationToken cancel)
    {
        try
        {
            return new ClusterFacts(await world.GetHostsAsync(cancel).ConfigureAwait(false));
        }
        catch (WorldException)
        {
            return new ClusterFacts([]);
        }
    }
}
