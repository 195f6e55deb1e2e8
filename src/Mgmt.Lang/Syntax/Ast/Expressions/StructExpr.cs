namespace Mgmt.Lang.Syntax.Ast;

/// <summary>A struct literal <c>struct{a => 1, b => "x"}</c>; fields keep their source order.</summary>
public sealed class StructExpr : Expr
{
    public required List<StructFieldValue> Fields { get; set; }

    /// <summary>Written one field per line (kept for the formatter).</summary>
    public bool Multiline { get; set; }

    public override IEnumerable<Node> Children => Fields;

    public override StructExpr Clone() =>
        new() { Fields = [.. Fields.Select(f => f.Clone())], Multiline = Multiline, Span = Span };

    public override string ToString() => $"struct(len={Fields.Count})";
}
