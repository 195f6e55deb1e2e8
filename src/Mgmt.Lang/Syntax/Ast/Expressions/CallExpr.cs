namespace Mgmt.Lang.Syntax.Ast;

/// <summary>
/// A function call. Three callee forms exist: a named function (<c>len(x)</c>, <c>fmt.printf(...)</c>), a
/// function value in a variable (<c>$f(x)</c>, <see cref="IsVariable"/>), and an inline lambda
/// (<c>func($x) { $x }(1)</c>, <see cref="Lambda"/>). Operators, indexing, field lookups, <c>in</c>,
/// interpolated strings and <c>panic(...)</c> are also calls (see <see cref="Sugar"/>), named after the
/// built-ins in <see cref="BuiltinNames"/>, exactly as the reference lowers them.
/// </summary>
public sealed class CallExpr : Expr
{
    /// <summary>
    /// The function name (dotted for package functions), or the variable name without <c>$</c> when
    /// <see cref="IsVariable"/>, or empty when <see cref="Lambda"/> is set.
    /// </summary>
    public required string Name { get; set; }

    public required List<Expr> Args { get; set; }

    /// <summary>The callee is the function value held by variable <see cref="Name"/>.</summary>
    public bool IsVariable { get; set; }

    /// <summary>The callee is this lambda, written in place.</summary>
    public FuncExpr? Lambda { get; set; }

    /// <summary>Which source form produced the call (for messages and the formatter).</summary>
    public CallSugar Sugar { get; set; }

    /// <summary>Arguments written one per line (kept for the formatter).</summary>
    public bool Multiline { get; set; }

    /// <summary>For <see cref="CallSugar.Operator"/>: the operator symbol (the first argument).</summary>
    public string? OperatorSymbol => Sugar == CallSugar.Operator && Args.Count > 0 && Args[0] is StrExpr s ? s.Value : null;

    public override IEnumerable<Node> Children => Lambda is null ? Args : Args.Prepend(Lambda);

    public override CallExpr Clone() => new()
    {
        Name = Name,
        Args = [.. Args.Select(a => a.Clone())],
        IsVariable = IsVariable,
        Lambda = Lambda?.Clone(),
        Sugar = Sugar,
        Multiline = Multiline,
        Span = Span,
    };

    public override void RewriteExpressions(Func<Expr, Expr> rewrite)
    {
        if (Lambda is not null)
        {
            Lambda = rewrite(Lambda) as FuncExpr
                ?? throw new InvalidOperationException("the callee of an inline lambda call can only be replaced by another lambda");
        }
        for (var i = 0; i < Args.Count; i++) Args[i] = rewrite(Args[i]);
    }

    public override string ToString() =>
        Lambda is not null ? "call(<lambda>)" : IsVariable ? $"call(${Name})" : $"call({Name})";
}
