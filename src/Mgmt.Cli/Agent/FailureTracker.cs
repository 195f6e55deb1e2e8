using System.Collections.Concurrent;
using Mgmt.Engine.Runtime;

namespace Mgmt.Cli.Agent;

/// <summary>Remembers which resources are failed right now (their last check failed), from the engine's events.</summary>
internal sealed class FailureTracker
{
    private readonly ConcurrentDictionary<string, bool> _failed = new(StringComparer.Ordinal);

    public void Observe(ResourceEvent e)
    {
        var key = $"{e.Kind}[{e.Name}]";
        if (e.Type is ResourceEventType.Failed or ResourceEventType.FailedPermanently) _failed[key] = true;
        else _failed.TryRemove(key, out _);
    }

    /// <summary>The failed resources, sorted, as <c>kind[name]</c>.</summary>
    public IReadOnlyList<string> Failed() => [.. _failed.Keys.Order(StringComparer.Ordinal)];
}
