namespace Mgmt.World;

/// <summary>
/// NOT BUILT YET (next issue: signed deploys). The shape reserved for deploys so that the world's layout and
/// the agent's wiring have room for them: a linear, append-only history of numbered deploys under
/// <c>/mgmt/&lt;cluster&gt;/deploy/</c>. No world implements it yet; nothing in this project calls it.
/// </summary>
public interface IDeployArea
{
    /// <summary>The highest deploy id, or 0 when nothing was ever deployed.</summary>
    Task<ulong> GetLatestDeployIdAsync(CancellationToken cancellationToken);

    /// <summary>The payload of deploy <paramref name="id"/>, or null when it does not exist.</summary>
    Task<byte[]?> GetDeployAsync(ulong id, CancellationToken cancellationToken);

    /// <summary>Appends deploy <paramref name="id"/>; fails when <paramref name="id"/> is not the latest plus one.</summary>
    Task AddDeployAsync(ulong id, byte[] payload, CancellationToken cancellationToken);

    /// <summary>The latest deploy id now, then after every new deploy.</summary>
    IAsyncEnumerable<ulong> WatchLatestDeployAsync(CancellationToken cancellationToken);
}
