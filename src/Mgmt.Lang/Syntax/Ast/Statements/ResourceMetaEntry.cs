namespace Mgmt.Lang.Syntax.Ast;

/// <summary>
/// <c>Meta:name => value,</c> (one meta parameter) or <c>Meta => struct{...},</c> (several at once; then
/// <see cref="Property"/> is <see cref="WholeStruct"/>).
/// </summary>
public sealed class ResourceMetaEntry : ResourceEntry
{
    /// <summary>The <see cref="Property"/> of the <c>Meta => struct{...}</c> form.</summary>
    public const string WholeStruct = "meta";

    /// <summary>The meta parameter name (<c>noop</c>, <c>retry</c>...), or <see cref="WholeStruct"/>.</summary>
    public required string Property { get; set; }

    public required Expr Value { get; set; }

    public override IEnumerable<Node> Children => Condition is null ? [Value] : [Condition, Value];

    public override ResourceMetaEntry Clone() =>
        new() { Property = Property, Value = Value.Clone(), Condition = Condition?.Clone(), Span = Span };

    public override void RewriteExpressions(Func<Expr, Expr> rewrite)
    {
        if (Condition is not null) Condition = rewrite(Condition);
        Value = rewrite(Value);
    }

    public override string ToString() => $"resmeta({Property})";
}
