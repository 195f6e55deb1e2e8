using Mgmt.Lang.Functions;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Semantics;

/// <summary>What a call expression was resolved to, before typing.</summary>
internal abstract record ResolvedCall;

/// <summary>A standard-library function.</summary>
internal sealed record BuiltinTarget(BuiltinFunction Function) : ResolvedCall;

/// <summary>A <c>func</c> statement; <see cref="Instance"/> is this call's own copy of its function.</summary>
internal sealed record FuncStmtTarget(FuncStmt Definition, FuncExpr Instance) : ResolvedCall;

/// <summary>A function value: a lambda in a variable, a parameter or loop variable, or an inline lambda.</summary>
internal sealed record ValueTarget(Binding Callee) : ResolvedCall;

/// <summary>One <c>include</c>: the class, this include's copy of its body and the scope the copy was resolved in.</summary>
internal sealed record IncludeResolution(ClassSymbol Class, ProgramStmt Body, Scope BodyScope);

/// <summary>Everything name resolution learned, keyed by node identity; read by type inference.</summary>
internal sealed class ResolutionTables
{
    public Dictionary<VarExpr, Binding> Variables { get; } = new(ReferenceEqualityComparer.Instance);

    public Dictionary<CallExpr, ResolvedCall> Calls { get; } = new(ReferenceEqualityComparer.Instance);

    public Dictionary<IncludeStmt, IncludeResolution> Includes { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>The bind statement of each bound value, for its type annotation.</summary>
    public Dictionary<Expr, BindStmt> BindOfValue { get; } = new(ReferenceEqualityComparer.Instance);
}
