namespace Mgmt.Platform.Watching;

/// <summary>
/// The subscriptions of one depth on one node: none, one (held directly), or several (in a list). Most watched
/// files have exactly one subscription, and a list with its array for that one would cost 56 bytes more per file.
/// A mutable struct: keep it in a field and reach it by reference, never copy it.
/// </summary>
internal struct SubscriptionSet
{
    private object? _items; // null, a WatchSubscription, or a List<WatchSubscription> of two or more

    public readonly bool IsEmpty => _items is null;

    public void Add(WatchSubscription sub)
    {
        switch (_items)
        {
            case null:
                _items = sub;
                break;
            case WatchSubscription one:
                _items = new List<WatchSubscription>(2) { one, sub };
                break;
            case List<WatchSubscription> many:
                many.Add(sub);
                break;
        }
    }

    public void Remove(WatchSubscription sub)
    {
        if (ReferenceEquals(_items, sub))
        {
            _items = null;
        }
        else if (_items is List<WatchSubscription> many && many.Remove(sub))
        {
            if (many.Count == 1) _items = many[0];
        }
    }

    /// <summary>Adds every subscription of the set to <paramref name="into"/>.</summary>
    public readonly void AddTo(HashSet<WatchSubscription> into)
    {
        switch (_items)
        {
            case WatchSubscription one:
                into.Add(one);
                break;
            case List<WatchSubscription> many:
                into.UnionWith(many);
                break;
        }
    }
}
