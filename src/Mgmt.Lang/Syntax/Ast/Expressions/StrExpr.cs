namespace Mgmt.Lang.Syntax.Ast;

/// <summary>
/// A constant string whose <see cref="Value"/> is final: escapes are decoded and there is nothing left to
/// interpolate. The Interpolate stage turns every <see cref="StrTemplateExpr"/> into one of these (or into a
/// <c>concat</c> call); rewrites also create them (operator symbols, struct field names).
/// </summary>
public sealed class StrExpr : Expr
{
    public required string Value { get; set; }

    public override IEnumerable<Node> Children => [];

    public override StrExpr Clone() => new() { Value = Value, Span = Span };

    public override string ToString() => $"str({Value})";
}
