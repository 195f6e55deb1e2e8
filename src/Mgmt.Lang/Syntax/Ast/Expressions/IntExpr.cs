using System.Globalization;

namespace Mgmt.Lang.Syntax.Ast;

/// <summary>An integer literal (64-bit signed; a leading minus sign is part of the literal).</summary>
public sealed class IntExpr : Expr
{
    public required long Value { get; set; }

    public override IEnumerable<Node> Children => [];

    public override IntExpr Clone() => new() { Value = Value, Span = Span };

    public override string ToString() => $"int({Value.ToString(CultureInfo.InvariantCulture)})";
}
