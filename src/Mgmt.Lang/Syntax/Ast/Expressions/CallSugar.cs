namespace Mgmt.Lang.Syntax.Ast;

/// <summary>The source form a <see cref="CallExpr"/> was written in.</summary>
public enum CallSugar
{
    /// <summary>Written as a call: <c>f(x)</c>, <c>$f(x)</c>, <c>func(){...}()</c>.</summary>
    Call,

    /// <summary>A binary or unary operator: <c>_operator("+", a, b)</c>, <c>_operator("not", a)</c>.</summary>
    Operator,

    /// <summary><c>a in b</c>: <c>contains(a, b)</c>.</summary>
    In,

    /// <summary><c>x[i]</c>: <c>_lookup(x, i)</c>.</summary>
    Index,

    /// <summary><c>s->f</c>: <c>_struct_lookup(s, "f")</c>.</summary>
    FieldLookup,

    /// <summary><c>s->f &lt;|&gt; d</c>: <c>_struct_lookup_optional(s, "f", d)</c>.</summary>
    OptionalFieldLookup,

    /// <summary>A string with <c>${...}</c>: nested <c>concat(piece, concat(...))</c> calls.</summary>
    Interpolation,

    /// <summary>The condition of a desugared <c>panic(...)</c> statement: <c>panic(args)</c>.</summary>
    Panic,
}
