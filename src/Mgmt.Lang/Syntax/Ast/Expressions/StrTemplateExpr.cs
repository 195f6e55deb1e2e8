namespace Mgmt.Lang.Syntax.Ast;

/// <summary>
/// A string literal exactly as written between its quotes: escapes such as <c>\n</c> are not decoded yet and
/// <c>${name}</c> references are not expanded yet. It exists only between parsing and the Interpolate stage,
/// which replaces it by a <see cref="StrExpr"/>, a <see cref="VarExpr"/> or a <c>concat</c>
/// <see cref="CallExpr"/>; later passes never see it.
/// </summary>
public sealed class StrTemplateExpr : Expr
{
    /// <summary>The source text between the quotes, unprocessed.</summary>
    public required string RawText { get; set; }

    public override IEnumerable<Node> Children => [];

    public override StrTemplateExpr Clone() => new() { RawText = RawText, Span = Span };

    public override string ToString() => $"strtemplate({RawText})";
}
