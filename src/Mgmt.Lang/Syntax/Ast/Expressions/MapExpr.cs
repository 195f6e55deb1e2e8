namespace Mgmt.Lang.Syntax.Ast;

/// <summary>A map literal <c>{k1 => v1, k2 => v2}</c>; entries keep their source order.</summary>
public sealed class MapExpr : Expr
{
    public required List<MapEntry> Entries { get; set; }

    /// <summary>Written one entry per line (kept for the formatter).</summary>
    public bool Multiline { get; set; }

    public override IEnumerable<Node> Children => Entries;

    public override MapExpr Clone() =>
        new() { Entries = [.. Entries.Select(e => e.Clone())], Multiline = Multiline, Span = Span };

    public override string ToString() => $"map(len={Entries.Count})";
}
