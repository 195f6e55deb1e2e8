namespace Mgmt.World;

/// <summary>
/// What one agent sees of the cluster: shared strings, per-host maps, exported resources, schedules and the
/// set of live hosts. Two implementations keep the same promises: <see cref="Embedded.EmbeddedWorld"/>
/// (in process, the default for a single machine) and <see cref="Etcd.EtcdWorld"/> (a real etcd cluster).
/// </summary>
/// <remarks>
/// Promises shared by every part of the contract:
/// <list type="bullet">
/// <item>Every call is asynchronous and honours its <see cref="CancellationToken"/>.</item>
/// <item>A watch yields the current state first, then a new state after every change. It may skip
/// intermediate states when changes come faster than the reader, but the last state it yields is always the
/// latest one. A watch never fails because the store is unreachable: it waits, retries and resumes without
/// losing changes. It ends only when its token is cancelled or the world is disposed.</item>
/// <item>Everything this host publishes that is tied to its life (its presence, its map entries, its exports,
/// its schedule registrations) is held by a lease: it disappears at once on <see cref="IAsyncDisposable.DisposeAsync"/>,
/// and within the session TTL when the agent dies without a clean shutdown.</item>
/// <item>A key, hostname, kind or namespace that the layout cannot hold is refused with a
/// <see cref="WorldKeyException"/> that says what is wrong, before anything is written.</item>
/// <item>When the store cannot be reached within the operation timeout a one-shot call throws
/// <see cref="WorldUnavailableException"/>; the caller (a resource's CheckApply) retries later.</item>
/// </list>
/// </remarks>
public interface IWorld : IStringWorld, IHostMapWorld, IExportWorld, ISchedulerWorld, IMembershipWorld, IAsyncDisposable
{
    /// <summary>This agent's name in the cluster; unique among live agents.</summary>
    string Hostname { get; }
}
