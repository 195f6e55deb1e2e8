using Mgmt.World.Core;
using Mgmt.World.Store;

namespace Mgmt.World.Embedded;

/// <summary>
/// The world of a single machine, kept in process: the default when no cluster flag is given, with nothing
/// to install. It keeps every promise of <see cref="IWorld"/> (leases and TTLs run on the injected
/// <see cref="TimeProvider"/>); several embedded worlds may share one <see cref="MemoryKeyValueStore"/> to act
/// as several agents in one process.
/// </summary>
public sealed class EmbeddedWorld : StoreWorld
{
    private readonly bool _ownsStore;

    private EmbeddedWorld(WorldOptions options, MemoryKeyValueStore store, bool ownsStore)
        : base(options, store, "the embedded store")
    {
        Store = store;
        _ownsStore = ownsStore;
    }

    /// <summary>The in-process store under this world.</summary>
    public MemoryKeyValueStore Store { get; }

    /// <summary>
    /// Starts a world for <see cref="WorldOptions.Hostname"/>. With no <paramref name="store"/> it gets a private
    /// one (released on dispose); a shared store is left to its owner.
    /// </summary>
    /// <exception cref="HostnameInUseException">another world on the same store holds the hostname.</exception>
    public static async Task<EmbeddedWorld> StartAsync(WorldOptions options, MemoryKeyValueStore? store = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var world = new EmbeddedWorld(options, store ?? new MemoryKeyValueStore(options.Time), ownsStore: store is null);
        try
        {
            await world.StartAsync("embedded", cancellationToken).ConfigureAwait(false);
            return world;
        }
        catch
        {
            await world.DisposeStoreAsync().ConfigureAwait(false);
            throw;
        }
    }

    private protected override ValueTask DisposeStoreAsync() => _ownsStore ? Store.DisposeAsync() : ValueTask.CompletedTask;
}
