namespace Mgmt.Lang.Syntax.Ast;

/// <summary>A <c>true</c> or <c>false</c> literal.</summary>
public sealed class BoolExpr : Expr
{
    public required bool Value { get; set; }

    public override IEnumerable<Node> Children => [];

    public override BoolExpr Clone() => new() { Value = Value, Span = Span };

    public override string ToString() => Value ? "bool(true)" : "bool(false)";
}
