using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Semantics;

/// <summary>
/// Recognises variables that were written inside a string literal (<c>"${x}"</c>). The Interpolate stage turns
/// such a string into the bare <see cref="VarExpr"/> (or into <c>concat</c> calls over its pieces); the variable
/// then carries the span of the whole literal instead of the span of <c>$x</c>. An interpolated value must be a
/// str, even when it is the whole string.
/// </summary>
internal static class InterpolatedVariables
{
    /// <summary>True when <paramref name="v"/> does not span exactly <c>$name</c>, i.e. it stands for a string literal.</summary>
    public static bool IsInterpolated(VarExpr v) =>
        !v.Span.IsNone &&
        !(v.Span.StartLine == v.Span.EndLine && v.Span.EndColumn - v.Span.StartColumn == v.Name.Length + 1);
}
