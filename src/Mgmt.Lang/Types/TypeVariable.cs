using Mgmt.Engine.Values;

namespace Mgmt.Lang.Types;

/// <summary>
/// An unknown part of a type during inference, printed <c>?N</c>. Two variables are the same only if they are
/// the same object; the unifier decides what each one stands for.
/// </summary>
public sealed class TypeVariable : DataType
{
    private static int _next;

    public TypeVariable() => Id = Interlocked.Increment(ref _next);

    /// <summary>A number unique in this process, for display and stable ordering.</summary>
    public int Id { get; }

    public override bool IsKnown => false;
    public override bool Equals(DataType? other) => ReferenceEquals(this, other);
    public override int GetHashCode() => Id;
    public override string ToString() => "?" + Id;
}
