using Mgmt.Engine.Resources;
using Mgmt.Engine.Text;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Semantics;

/// <summary>
/// The one wording of "this resource kind does not exist", wherever the compiler or the interpreter finds it: placed
/// on the kind itself (not on a parameter, which is not the mistake) and with the closest kind when it looks like a
/// typo.
/// </summary>
public static class UnknownKind
{
    /// <summary>The message for <paramref name="kind"/>, ending in a hint: the closest kind, or how kinds are spelled.</summary>
    public static string Message(string kind, ResourceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var known = registry.Kinds.Select(d => d.Kind);
        return Spelling.Closest(kind, known) is { } near
            ? $"there is no resource kind `{kind}`; did you mean `{near}`?"
            : $"there is no resource kind `{kind}` (check the spelling; kinds are lowercase, such as `file` or `exec`)";
    }

    /// <summary>
    /// Where the kind is written. A plain resource statement starts with it; a <c>collect</c> statement does not, so
    /// there the whole statement is blamed.
    /// </summary>
    public static SourceSpan SpanOf(ResourceStmt statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var s = statement.Span;
        if (statement.IsCollect || s.IsNone) return s;
        return new SourceSpan(s.File, s.StartLine, s.StartColumn, s.StartLine, s.StartColumn + statement.Kind.Length);
    }

    /// <summary>
    /// The error for a resource statement of an unknown kind, in <paramref name="phase"/>. Type checking blames the
    /// kind; the interpret phase blames the whole statement, as the reference does (its conformance cases say so).
    /// </summary>
    public static LangException Error(Phase phase, ResourceStmt statement, ResourceRegistry registry) =>
        new(phase, Message(statement.Kind, registry), phase == Phase.Interpret ? statement.Span : SpanOf(statement));
}
