namespace Mgmt.Lang.Syntax.Ast;

/// <summary><c>param => value,</c>: sets a resource parameter.</summary>
public sealed class ResourceFieldEntry : ResourceEntry
{
    public required string Field { get; set; }
    public required Expr Value { get; set; }

    public override IEnumerable<Node> Children => Condition is null ? [Value] : [Condition, Value];

    public override ResourceFieldEntry Clone() =>
        new() { Field = Field, Value = Value.Clone(), Condition = Condition?.Clone(), Span = Span };

    public override void RewriteExpressions(Func<Expr, Expr> rewrite)
    {
        if (Condition is not null) Condition = rewrite(Condition);
        Value = rewrite(Value);
    }

    public override string ToString() => $"resfield({Field})";
}
