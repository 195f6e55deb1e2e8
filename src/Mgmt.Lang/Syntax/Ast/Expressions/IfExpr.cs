namespace Mgmt.Lang.Syntax.Ast;

/// <summary><c>if cond { a } else { b }</c> as a value; both branches are required and have one type.</summary>
public sealed class IfExpr : Expr
{
    public required Expr Condition { get; set; }
    public required Expr Then { get; set; }
    public required Expr Else { get; set; }

    public override IEnumerable<Node> Children => [Condition, Then, Else];

    public override IfExpr Clone() =>
        new() { Condition = Condition.Clone(), Then = Then.Clone(), Else = Else.Clone(), Span = Span };

    public override void RewriteExpressions(Func<Expr, Expr> rewrite)
    {
        Condition = rewrite(Condition);
        Then = rewrite(Then);
        Else = rewrite(Else);
    }

    public override string ToString() => "exprif";
}
