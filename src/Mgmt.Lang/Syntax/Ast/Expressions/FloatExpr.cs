using System.Globalization;

namespace Mgmt.Lang.Syntax.Ast;

/// <summary>A float literal such as <c>3.14</c> or <c>-0.5</c> (digits on both sides of the dot, no exponent).</summary>
public sealed class FloatExpr : Expr
{
    public required double Value { get; set; }

    public override IEnumerable<Node> Children => [];

    public override FloatExpr Clone() => new() { Value = Value, Span = Span };

    public override string ToString() => $"float({Value.ToString("R", CultureInfo.InvariantCulture)})";
}
