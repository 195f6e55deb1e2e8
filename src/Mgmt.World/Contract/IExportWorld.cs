namespace Mgmt.World;

/// <summary>
/// Exported resources (<c>Meta:export</c>, the <c>collect</c> statement, <c>world/collect.res</c>). A host
/// publishes encoded resources for named hosts or for everyone (<c>*</c>); each host collects what was
/// published for it. Exports are tied to the publishing host's lease.
/// </summary>
public interface IExportWorld
{
    /// <summary>Publishes resources from this host. Entries identical to what is stored are not rewritten.
    /// Returns true when anything changed. <see cref="ExportedResource.FromHost"/> must be this host.</summary>
    Task<bool> ExportAsync(IEnumerable<ExportedResource> resources, CancellationToken cancellationToken);

    /// <summary>Withdraws resources this host published. Returns true when anything was removed.</summary>
    Task<bool> WithdrawExportsAsync(IEnumerable<ExportKey> keys, CancellationToken cancellationToken);

    /// <summary>Everything published for this host or for everyone that matches <paramref name="filter"/>,
    /// sorted by kind, name, then publishing host.</summary>
    Task<IReadOnlyList<ExportedResource>> CollectAsync(ExportFilter filter, CancellationToken cancellationToken);

    /// <summary>What <see cref="CollectAsync"/> returns now, then again after every change that touches it.</summary>
    IAsyncEnumerable<IReadOnlyList<ExportedResource>> WatchCollectAsync(ExportFilter filter, CancellationToken cancellationToken);
}
