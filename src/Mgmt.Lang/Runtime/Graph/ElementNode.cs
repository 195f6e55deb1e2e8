using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;

namespace Mgmt.Lang.Runtime.Graph;

/// <summary>
/// One element of a list (by index) or one value of a map (by key), for a loop iteration or an iterator's
/// per-element sub-graph. It also reads the node that owns the iteration, so it is always computed after that
/// node had the chance to remove it when the collection shrank.
/// </summary>
internal sealed class ElementNode : GraphNode
{
    private readonly int _index;
    private readonly Value? _key;

    public ElementNode(GraphNode collection, GraphNode owner, int index, SourceSpan span)
        : base(span, collection, owner) => _index = index;

    public ElementNode(GraphNode collection, GraphNode owner, Value key, SourceSpan span)
        : base(span, collection, owner) => _key = key;

    public override string Label => _key is null ? $"element[{_index}]" : $"element[{_key}]";

    public override string InputName(int index) => index == 0 ? "list" : "dummy";

    internal override NodeState Compute(FunctionGraph graph)
    {
        var collection = Inputs[0].State;
        if (collection.IsEmpty) return NodeState.Empty;
        if (collection.Error is { } e) return NodeState.Failed(e);
        switch (collection.Value)
        {
            case ListValue l when _key is null:
                return _index < l.Count ? NodeState.Of(l[_index]) : State;
            case MapValue m when _key is not null:
                return m.TryGet(_key, out var v) ? NodeState.Of(v) : State;
            default:
                // The owner removes an element that no longer exists before this runs; keep the last state meanwhile.
                return State;
        }
    }
}
