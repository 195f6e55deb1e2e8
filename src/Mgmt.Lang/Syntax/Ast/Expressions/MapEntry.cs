namespace Mgmt.Lang.Syntax.Ast;

/// <summary>One <c>key => value</c> pair of a <see cref="MapExpr"/>; its span runs from key to value.</summary>
public sealed class MapEntry : Node
{
    public required Expr Key { get; set; }
    public required Expr Value { get; set; }

    public override IEnumerable<Node> Children => [Key, Value];

    public override MapEntry Clone() => new() { Key = Key.Clone(), Value = Value.Clone(), Span = Span };

    public override void RewriteExpressions(Func<Expr, Expr> rewrite)
    {
        Key = rewrite(Key);
        Value = rewrite(Value);
    }

    public override string ToString() => "mapentry";
}
