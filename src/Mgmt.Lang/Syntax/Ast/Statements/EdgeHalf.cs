namespace Mgmt.Lang.Syntax.Ast;

/// <summary>
/// <c>Kind[name]</c> or <c>Kind[name].key</c>: one end of an edge. The span runs from the kind to the closing
/// bracket, or to the key when there is one.
/// </summary>
public sealed class EdgeHalf : Node
{
    /// <summary>The resource kind, lowercase (<c>Http:Server</c> is <c>http:server</c>).</summary>
    public required string Kind { get; set; }

    /// <summary>The resource name: a <c>str</c> or a <c>[]str</c>.</summary>
    public required Expr Name { get; set; }

    /// <summary>The send (left half) or receive (right half) key, when given.</summary>
    public string? SendRecv { get; set; }

    public override IEnumerable<Node> Children => [Name];

    public override EdgeHalf Clone() => new() { Kind = Kind, Name = Name.Clone(), SendRecv = SendRecv, Span = Span };

    public override void RewriteExpressions(Func<Expr, Expr> rewrite) => Name = rewrite(Name);

    public override string ToString() => SendRecv is null ? $"edgehalf({Kind})" : $"edgehalf({Kind}.{SendRecv})";
}
