namespace Mgmt.Lang.Syntax.Ast;

/// <summary>One <c>name => value</c> field of a <see cref="StructExpr"/>; its span runs from name to value.</summary>
public sealed class StructFieldValue : Node
{
    public required string Name { get; set; }
    public required Expr Value { get; set; }

    public override IEnumerable<Node> Children => [Value];

    public override StructFieldValue Clone() => new() { Name = Name, Value = Value.Clone(), Span = Span };

    public override void RewriteExpressions(Func<Expr, Expr> rewrite) => Value = rewrite(Value);

    public override string ToString() => $"structfield({Name})";
}
