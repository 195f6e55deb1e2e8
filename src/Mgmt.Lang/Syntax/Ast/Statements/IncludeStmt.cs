namespace Mgmt.Lang.Syntax.Ast;

/// <summary>
/// <c>include name[(args)] [as alias]</c>: instantiates a class. <see cref="Name"/> may be dotted
/// (<c>mod.cls</c>, <c>alias.inner</c>). With an alias the class's variables, functions and classes are
/// reachable as <c>$alias.x</c>, <c>alias.f()</c>, <c>include alias.c</c>.
/// </summary>
public sealed class IncludeStmt : Stmt
{
    public required string Name { get; set; }

    /// <summary>The arguments, or null when the class was included without parentheses.</summary>
    public List<Expr>? Args { get; set; }

    public string? Alias { get; set; }

    /// <summary>Arguments written one per line (kept for the formatter).</summary>
    public bool Multiline { get; set; }

    public override IEnumerable<Node> Children => Args ?? [];

    public override IncludeStmt Clone() => new()
    {
        Name = Name,
        Args = Args?.Select(a => a.Clone()).ToList(),
        Alias = Alias,
        Multiline = Multiline,
        Span = Span,
    };

    public override void RewriteExpressions(Func<Expr, Expr> rewrite)
    {
        if (Args is null) return;
        for (var i = 0; i < Args.Count; i++) Args[i] = rewrite(Args[i]);
    }

    public override string ToString() => $"include({Name})";
}
