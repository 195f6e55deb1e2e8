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

/// <summary>The hosts page's source of the cluster's facts (a test can hand the view its own).</summary>
internal interface IClusterFacts
{
    Task<ClusterFacts> ReadAsync(CancellationToken cancel);
}

/// <summary>
/// The facts as the world knows them: its live hosts, the etcd members, and what each host published about itself
/// (the deploy it runs, whether it converged). A host that published nothing yet, or no converger timeout, is left
/// out of those maps rather than guessed.
/// </summary>
internal sealed class WorldClusterFacts(IWorld world) : IClusterFacts
{
    public async Task<ClusterFacts> ReadAsync(CancellationToken cancel)
    {
        try
        {
            var hosts = await world.GetHostsAsync(cancel).ConfigureAwait(false);
            var status = await world.GetClusterStatusAsync(cancel).ConfigureAwait(false);
            // A world without etcd members (the embedded one) has no membership to show.
            var members = status.Members.Count == 0 ? null : status.Members.Select(m => m.Name).Where(n => n.Length > 0).ToList();
            var deploys = new Dictionary<string, string>(StringComparer.Ordinal);
            var converged = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var h in status.Hosts)
            {
                if (h.Status?.Deploy is { } deploy) deploys[h.Hostname] = deploy.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (h.Status?.Converged is { } c) converged[h.Hostname] = c;
            }
            return new ClusterFacts(hosts, members, deploys, converged);
        }
        catch (WorldException)
        {
            return new ClusterFacts([]);
        }
    }
}
