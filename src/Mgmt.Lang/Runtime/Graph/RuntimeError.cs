using Mgmt.Lang.Diagnostics;

namespace Mgmt.Lang.Runtime.Graph;

/// <summary>
/// A catchable run-time error travelling through the function graph as a value (a missing list index, a division
/// by zero...). It keeps the position of the call that raised it, so that when it reaches a resource without
/// meeting a <c>&lt;|&gt;</c> the user is shown where it came from, not where it ended up.
/// </summary>
internal sealed class RuntimeError(string message, SourceSpan origin) : IEquatable<RuntimeError>
{
    public string Message { get; } = message;

    public SourceSpan Origin { get; } = origin;

    public bool Equals(RuntimeError? other) =>
        other is not null && other.Message == Message && other.Origin == Origin;

    public override bool Equals(object? obj) => obj is RuntimeError e && Equals(e);

    public override int GetHashCode() => HashCode.Combine(Message, Origin);

    public override string ToString() => Origin.IsNone ? Message : $"{Message}: {Origin}";
}
