using Mgmt.Engine.Values;
using Microsoft.Extensions.Logging;

namespace Mgmt.Engine.Resources;

/// <summary>
/// What the engine gives one resource: its event channel, refresh and send/recv state, a state directory
/// and the host's services. One instance per resource; resources never reach for globals.
/// </summary>
public interface IResourceContext
{
    /// <summary>This machine's name in the cluster.</summary>
    string Hostname { get; }

    /// <summary>A logger whose category names the resource.</summary>
    ILogger Logger { get; }

    /// <summary>The clock; tests may substitute it.</summary>
    TimeProvider Time { get; }

    /// <summary>Host services shared by every resource (the shared inotify watcher, the world, ...).</summary>
    IServiceProvider Services { get; }

    /// <summary>Values shared between resources and functions on this host (the <c>value</c> resource).</summary>
    LocalValues Local { get; }

    /// <summary>From Watch: the watches are in place. Call once, before the first <see cref="Event"/>.</summary>
    void Running();

    /// <summary>From Watch: the state may have changed. Never blocks; events that pile up are coalesced.</summary>
    void Event();

    /// <summary>In CheckApply: true when a parent changed something and notified this resource.</summary>
    bool Refresh { get; }

    /// <summary>In CheckApply: publishes this resource's send values (keys declared with <see cref="SendsAttribute"/>).</summary>
    void Send(IReadOnlyDictionary<string, Value> values);

    /// <summary>In CheckApply: the parameters that were received over send/recv, by parameter name.</summary>
    IReadOnlyDictionary<string, ReceivedValue> Received { get; }

    /// <summary>A directory that persists across runs for this resource's own state; created on first use.</summary>
    string VarDir(string name);

    /// <summary>
    /// In CheckApply: the resources of the graph this resource runs in (the reference's "filtered graph"), so that
    /// a resource can see what else is managed (the file resource's purge spares the other managed files).
    /// Null when the host cannot tell; a resource that needs it must then refuse rather than guess.
    /// </summary>
    IReadOnlyCollection<Resource>? GraphResources => null;

    /// <summary>
    /// In CheckApply: where the resource tells what it changes, or in noop would change (see
    /// <see cref="Changes.IChangeReport"/>). The default keeps nothing.
    /// </summary>
    Changes.IChangeReport Changes => Mgmt.Engine.Changes.IgnoredChanges.Instance;
}

/// <summary>A parameter value received from a sender, and whether it changed since the last CheckApply.</summary>
public sealed record ReceivedValue(Value Value, bool Changed);
