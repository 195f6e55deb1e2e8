namespace Mgmt.Engine.Resources;

/// <summary>The resource reacts to notifications (refresh) from parents along notify edges.</summary>
public interface IRefreshable;

/// <summary>The resource publishes values (declared with <see cref="SendsAttribute"/>) through <see cref="IResourceContext.Send"/>.</summary>
public interface ISendable;

/// <summary>The resource's parameters may be set by other resources' send values before CheckApply.</summary>
public interface IReceivable;

/// <summary>The resource can be told to stop what it is doing at once (the third interrupt, e.g. kill a child process).</summary>
public interface IInterruptible
{
    void Interrupt();
}

/// <summary>Resources of this kind may be folded together and handled by one CheckApply (one apt transaction...).</summary>
public interface IGroupable
{
    /// <summary>True when <paramref name="other"/> may be grouped into this resource.</summary>
    bool CanGroupWith(Resource other);
}

/// <summary>Two resources with one kind and name but different parameters may still be merged into one.</summary>
public interface ICompatible
{
    /// <summary>True when this resource and <paramref name="other"/> describe compatible states.</summary>
    bool Adapts(Resource other);

    /// <summary>The resource that satisfies both.</summary>
    Resource Merge(Resource other);
}

/// <summary>The resource can undo what it did when it leaves the graph (with <c>Meta:reverse</c>).</summary>
public interface IReversible
{
    /// <summary>
    /// The resource that undoes this one, computed before this one first applies (so it captures the state
    /// to restore), or null when nothing needs undoing. It is persisted and applied once after this resource
    /// disappears from the graph.
    /// </summary>
    Resource? Reversed();
}

/// <summary>
/// The resource can watch by registering callbacks with a shared service (an inotify hub) instead of running a
/// task for as long as it is in the graph. An idle vertex of such a resource then holds no task, state machine
/// or cancellation registration: at 100,000 resources those cost several hundred bytes each. The engine uses
/// this on the first try of a watch without <c>Meta:poll</c>; when the watch breaks, or could not start, it falls
/// back to <see cref="Resource.WatchAsync"/> with its usual retries.
/// </summary>
public interface ISubscribedWatch
{
    /// <summary>
    /// Starts watching and returns what ends it (disposed once, when the vertex stops or the watch broke). It must
    /// call <see cref="IResourceContext.Running"/> once the watch is in place and <see cref="IResourceContext.Event"/>
    /// on each change, as <see cref="Resource.WatchAsync"/> would; <paramref name="owner"/>'s
    /// <see cref="IWatchOwner.WatchBroke"/> when it cannot go on (then it has stopped reporting). Returns null,
    /// having done nothing, when it cannot watch this way here (then <see cref="Resource.WatchAsync"/> runs);
    /// throws when the watch cannot be set up.
    /// </summary>
    IDisposable? StartWatch(IWatchOwner owner);
}

/// <summary>
/// Who started an <see cref="ISubscribedWatch"/> (the engine's vertex). An interface rather than a callback: a
/// delegate per watched resource was 64 bytes each of 100,000.
/// </summary>
public interface IWatchOwner
{
    /// <summary>The watch cannot go on: the owner falls back to <see cref="Resource.WatchAsync"/>, with its retries.</summary>
    void WatchBroke(Exception error);
}
