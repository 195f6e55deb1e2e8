namespace Mgmt.Lang.Syntax.Ast;

/// <summary>
/// <c>Before => Kind[name],</c> (also <c>Depend</c>, <c>Notify</c>, <c>Listen</c>): an edge between this
/// resource and another one.
/// </summary>
public sealed class ResourceEdgeEntry : ResourceEntry
{
    /// <summary>The property, lowercase: <c>before</c>, <c>depend</c>, <c>notify</c> or <c>listen</c> when valid.</summary>
    public required string Property { get; set; }

    public required EdgeHalf Target { get; set; }

    public override IEnumerable<Node> Children => Condition is null ? [Target] : [Condition, Target];

    public override ResourceEdgeEntry Clone() =>
        new() { Property = Property, Target = Target.Clone(), Condition = Condition?.Clone(), Span = Span };

    public override void RewriteExpressions(Func<Expr, Expr> rewrite)
    {
        if (Condition is not null) Condition = rewrite(Condition);
    }

    public override string ToString() => $"resedge({Property})";
}
