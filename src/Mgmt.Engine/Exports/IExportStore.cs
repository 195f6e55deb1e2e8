namespace Mgmt.Engine.Exports;

/// <summary>
/// Where the engine publishes the resources marked with <c>Meta:export</c>: the cluster's store, seen through
/// this narrow door so that the engine does not depend on how the cluster is built. The agent implements it
/// with its world; an engine without one refuses to export (the resource fails with a message saying so).
/// </summary>
/// <remarks>
/// Calls may be slow or fail while the store is unreachable. The engine never calls two methods of one store at
/// the same time, so an implementation needs no locking of its own for ordering between publish and withdraw.
/// </remarks>
public interface IExportStore
{
    /// <summary>
    /// Publishes <paramref name="entries"/> from this host. Entries identical to what is stored are not rewritten.
    /// Returns true when anything changed. Throws when the store cannot be reached or refuses an entry (the
    /// message is for the user).
    /// </summary>
    Task<bool> PublishAsync(IReadOnlyList<ExportEntry> entries, CancellationToken cancellationToken);

    /// <summary>Removes exports this host published. Returns true when anything was removed.</summary>
    Task<bool> WithdrawAsync(IReadOnlyList<ExportAddress> addresses, CancellationToken cancellationToken);
}

/// <summary>One export of one resource: its kind and name, and the host allowed to collect it (<c>*</c> for every host).</summary>
public sealed record ExportAddress(string Kind, string Name, string ToHost)
{
    /// <summary>The <see cref="ToHost"/> that lets every host collect a resource.</summary>
    public const string Everyone = "*";

    public override string ToString() => $"{Kind}[{Name}] to {ToHost}";
}

/// <summary>What is published at one address: the resource encoded by <see cref="ExportCodec.Encode"/>.</summary>
public sealed record ExportEntry(ExportAddress Address, string Payload);
