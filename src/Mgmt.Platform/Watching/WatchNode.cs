namespace Mgmt.Platform.Watching;

/// <summary>
/// One path component in the hub's tree of interesting paths. A node exists while some subscription's path
/// runs through it (<see cref="ExplicitRefs"/>) or while it is a directory below a recursive subscription
/// (<see cref="Implicit"/>). A node that is an existing directory and has something to watch inside holds one
/// kernel watch (<see cref="Wd"/>), shared by every subscription below it.
/// </summary>
internal sealed class WatchNode
{
    public WatchNode(string name, WatchNode? parent)
    {
        Name = name;
        Parent = parent;
    }

    public string Name { get; }
    public WatchNode? Parent { get; }

    /// <summary>
    /// Absolute path without a trailing slash (<c>/</c> for the root). Built when asked (to add a directory's
    /// watch, or for a message) rather than kept: a hub watching 100,000 files would otherwise hold each path
    /// again beside the resource's own.
    /// </summary>
    public string Path => Parent is null ? "/" : Parent.Parent is null ? "/" + Name : Parent.Path + "/" + Name;

    public Dictionary<string, WatchNode>? Children { get; private set; }

    /// <summary>Subscriptions whose path is this node or lies below it.</summary>
    public int ExplicitRefs { get; set; }

    /// <summary>Kept only because a recursive subscription above covers this directory.</summary>
    public bool Implicit { get; set; }

    /// <summary>The kernel watch descriptor, or -1 when this path is not watched.</summary>
    public int Wd { get; set; } = -1;

    // Fields, not properties: each set is a mutable struct changed in place.
    public SubscriptionSet EntrySubs;
    public SubscriptionSet ChildrenSubs;
    public SubscriptionSet RecursiveSubs;

    public bool HasChildren => Children is { Count: > 0 };

    /// <summary>True when this node or an ancestor has a recursive subscription.</summary>
    public bool Covered
    {
        get
        {
            for (var n = this; n is not null; n = n.Parent)
            {
                if (!n.RecursiveSubs.IsEmpty) return true;
            }
            return false;
        }
    }

    /// <summary>True when this path must be watched (if it is an existing directory) to serve its subscriptions.</summary>
    public bool NeedsWatch => HasChildren || !ChildrenSubs.IsEmpty || Covered;

    public WatchNode? Child(string name) => Children?.GetValueOrDefault(name);

    public WatchNode GetOrAddChild(string name)
    {
        Children ??= new Dictionary<string, WatchNode>(StringComparer.Ordinal);
        if (!Children.TryGetValue(name, out var child))
        {
            child = new WatchNode(name, this);
            Children.Add(name, child);
        }
        return child;
    }

    public void RemoveChild(WatchNode child) => Children?.Remove(child.Name);

    public ref SubscriptionSet SetFor(WatchDepth depth)
    {
        switch (depth)
        {
            case WatchDepth.Entry: return ref EntrySubs;
            case WatchDepth.Children: return ref ChildrenSubs;
            default: return ref RecursiveSubs;
        }
    }

    /// <summary>Adds every subscription on this node (any depth) to <paramref name="into"/>.</summary>
    public void CollectOwn(HashSet<WatchSubscription> into)
    {
        EntrySubs.AddTo(into);
        ChildrenSubs.AddTo(into);
        RecursiveSubs.AddTo(into);
    }

    /// <summary>Adds every subscription on this node and all nodes below it.</summary>
    public void CollectSubtree(HashSet<WatchSubscription> into)
    {
        CollectOwn(into);
        if (Children is null) return;
        foreach (var child in Children.Values) child.CollectSubtree(into);
    }

    public override string ToString() => Path;
}
