using Mgmt.Engine.Values;

namespace Mgmt.Lang.Syntax.Ast;

/// <summary>
/// A lambda <c>func($a, $b T) R { body }</c>. Parameter and return types are optional; when all are given
/// (<see cref="DeclaredType"/>) the function's type is fully known from the source.
/// </summary>
public sealed class FuncExpr : Expr
{
    public required List<VarDecl> Params { get; set; }

    public DataType? ReturnType { get; set; }

    public required Expr Body { get; set; }

    /// <summary>Parameters written one per line (kept for the formatter).</summary>
    public bool MultilineParams { get; set; }

    /// <summary>The full function type when every parameter and the result are typed, else null.</summary>
    public FuncType? DeclaredType =>
        ReturnType is not null && Params.All(p => p.Type is not null)
            ? DataType.Func([.. Params.Select(p => new FuncParam(p.Name, p.Type!))], ReturnType)
            : null;

    public override IEnumerable<Node> Children => Params.Cast<Node>().Append(Body);

    public override FuncExpr Clone() => new()
    {
        Params = [.. Params.Select(p => p.Clone())],
        ReturnType = ReturnType,
        Body = Body.Clone(),
        MultilineParams = MultilineParams,
        Span = Span,
    };

    public override void RewriteExpressions(Func<Expr, Expr> rewrite) => Body = rewrite(Body);

    public override string ToString() => $"func({string.Join(", ", Params.Select(p => "$" + p.Name))})";
}
