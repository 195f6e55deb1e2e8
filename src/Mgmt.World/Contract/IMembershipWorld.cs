namespace Mgmt.World;

/// <summary>The live agents of the cluster. Each agent holds a presence entry for as long as it lives.</summary>
public interface IMembershipWorld
{
    /// <summary>The live agents, sorted by hostname.</summary>
    Task<IReadOnlyList<HostInfo>> GetHostsAsync(CancellationToken cancellationToken);

    /// <summary>The live agents now, then after every arrival or departure.</summary>
    IAsyncEnumerable<IReadOnlyList<HostInfo>> WatchHostsAsync(CancellationToken cancellationToken);
}
