namespace Mgmt.Lang.Syntax.Ast;

/// <summary>
/// <c>func name($a, $b T) [R] { body }</c>: a named function. Unlike a lambda bound to a variable it is
/// polymorphic: every call site gets its own typed copy.
/// </summary>
public sealed class FuncStmt : Stmt
{
    public required string Name { get; set; }

    /// <summary>The parameters, types and body (its span is the whole statement).</summary>
    public required FuncExpr Func { get; set; }

    public override IEnumerable<Node> Children => [Func];

    public override FuncStmt Clone() => new() { Name = Name, Func = Func.Clone(), Span = Span };

    public override void RewriteExpressions(Func<Expr, Expr> rewrite) =>
        Func = rewrite(Func) as FuncExpr
            ?? throw new InvalidOperationException("the function of a func statement can only be replaced by another lambda");

    public override string ToString() => $"func({Name})";
}
