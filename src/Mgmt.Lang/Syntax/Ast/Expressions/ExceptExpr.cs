namespace Mgmt.Lang.Syntax.Ast;

/// <summary>
/// <c>primary &lt;|&gt; fallback</c>: the value of <see cref="Primary"/>, or of <see cref="Fallback"/> while
/// the primary yields a catchable error (a missing list index or map key, a division by zero...).
/// </summary>
public sealed class ExceptExpr : Expr
{
    public required Expr Primary { get; set; }
    public required Expr Fallback { get; set; }

    public override IEnumerable<Node> Children => [Primary, Fallback];

    public override ExceptExpr Clone() => new() { Primary = Primary.Clone(), Fallback = Fallback.Clone(), Span = Span };

    public override void RewriteExpressions(Func<Expr, Expr> rewrite)
    {
        Primary = rewrite(Primary);
        Fallback = rewrite(Fallback);
    }

    public override string ToString() => "exprexcept";
}
