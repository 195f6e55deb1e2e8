namespace Mgmt.Lang.Syntax.Ast;

/// <summary>A list literal <c>[a, b]</c>.</summary>
public sealed class ListExpr : Expr
{
    public required List<Expr> Elements { get; set; }

    /// <summary>Written one element per line (kept for the formatter).</summary>
    public bool Multiline { get; set; }

    public override IEnumerable<Node> Children => Elements;

    public override ListExpr Clone() =>
        new() { Elements = [.. Elements.Select(e => e.Clone())], Multiline = Multiline, Span = Span };

    public override void RewriteExpressions(Func<Expr, Expr> rewrite)
    {
        for (var i = 0; i < Elements.Count; i++) Elements[i] = rewrite(Elements[i]);
    }

    public override string ToString() => $"list(len={Elements.Count})";
}
