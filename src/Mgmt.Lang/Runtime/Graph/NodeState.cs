using Mgmt.Engine.Values;

namespace Mgmt.Lang.Runtime.Graph;

/// <summary>
/// What a node currently holds: nothing yet, a value, or a catchable error. A table of values is complete when
/// no live node is empty.
/// </summary>
internal readonly struct NodeState : IEquatable<NodeState>
{
    private NodeState(Value? value, RuntimeError? error)
    {
        Value = value;
        Error = error;
    }

    public static NodeState Empty => default;

    public Value? Value { get; }

    public RuntimeError? Error { get; }

    public bool IsEmpty => Value is null && Error is null;

    public static NodeState Of(Value value) => new(value, null);

    public static NodeState Failed(RuntimeError error) => new(null, error);

    public bool Equals(NodeState other) =>
        Value is null ? other.Value is null && Equals(Error, other.Error) : other.Value is not null && Value.Equals(other.Value);

    public override bool Equals(object? obj) => obj is NodeState s && Equals(s);

    public override int GetHashCode() => Value?.GetHashCode() ?? Error?.GetHashCode() ?? 0;

    public override string ToString() => Value?.ToString() ?? (Error is { } e ? "error: " + e : "(empty)");
}
