namespace Mgmt.Lang.Syntax.Ast;

/// <summary>
/// <c>kind name { entries }</c>: one resource per name (<see cref="Name"/> evaluates to a <c>str</c> or a
/// <c>[]str</c>). With <see cref="IsCollect"/> (<c>collect kind name { ... }</c>) the resources are built from
/// data exported by other hosts instead. The span runs from the kind (or <c>collect</c>) to the closing brace.
/// </summary>
public sealed class ResourceStmt : Stmt
{
    /// <summary>The kind, lowercase, possibly with colons (<c>file</c>, <c>http:server:flag</c>).</summary>
    public required string Kind { get; set; }

    public required Expr Name { get; set; }

    /// <summary>Fields, edge properties and meta parameters, in source order.</summary>
    public required List<ResourceEntry> Entries { get; set; }

    public bool IsCollect { get; set; }

    public override IEnumerable<Node> Children => Entries.Cast<Node>().Prepend(Name);

    public override ResourceStmt Clone() => new()
    {
        Kind = Kind,
        Name = Name.Clone(),
        Entries = [.. Entries.Select(e => e.Clone())],
        IsCollect = IsCollect,
        Span = Span,
    };

    public override void RewriteExpressions(Func<Expr, Expr> rewrite) => Name = rewrite(Name);

    public override string ToString() => IsCollect ? $"collect({Kind})" : $"res({Kind})";
}
