using Mgmt.Engine.Graph;

namespace Mgmt.Engine.Runtime;

/// <summary>
/// An edge of the running graph between two vertices, with its refresh state. A notifying parent that changed
/// something bumps <see cref="_requested"/>; the child, after a CheckApply that saw the refresh, records the
/// value it saw in <see cref="_served"/>. Two counters instead of one flag, so that a refresh requested while the
/// child is running is never lost by the child clearing the flag afterwards.
/// </summary>
internal sealed class RuntimeEdge(Vertex from, Vertex to, Edge edge)
{
    private int _requested;
    private int _served;

    public Vertex From { get; } = from;
    public Vertex To { get; } = to;
    public Edge Edge { get; } = edge;

    /// <summary>The parent changed something and the child must refresh.</summary>
    public void RequestRefresh() => Interlocked.Increment(ref _requested);

    /// <summary>The refresh request the child would serve now, or null when none is pending.</summary>
    public int? PendingRefresh()
    {
        var requested = Volatile.Read(ref _requested);
        return requested != Volatile.Read(ref _served) ? requested : null;
    }

    /// <summary>The child served the requests up to <paramref name="requested"/>.</summary>
    public void Served(int requested) => Volatile.Write(ref _served, requested);

    /// <summary>Carries a pending refresh over from the edge this one replaces in a graph swap.</summary>
    public void InheritFrom(RuntimeEdge old)
    {
        if (old.PendingRefresh() is not null) RequestRefresh();
    }
}
