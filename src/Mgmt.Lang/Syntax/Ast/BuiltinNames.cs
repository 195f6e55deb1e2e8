namespace Mgmt.Lang.Syntax.Ast;

/// <summary>Names of the built-in functions and kinds that syntax rewrites refer to.</summary>
public static class BuiltinNames
{
    /// <summary>All binary and unary operators; the operator symbol is the first argument.</summary>
    public const string Operator = "_operator";

    /// <summary><c>x[i]</c>: list index or map key lookup (args: list or map, index or key).</summary>
    public const string Lookup = "_lookup";

    /// <summary><c>s->f</c> (args: struct, field name).</summary>
    public const string StructLookup = "_struct_lookup";

    /// <summary><c>s->f &lt;|&gt; d</c> (args: struct, field name, default).</summary>
    public const string StructLookupOptional = "_struct_lookup_optional";

    /// <summary><c>a in b</c> (args: needle, haystack).</summary>
    public const string Contains = "contains";

    /// <summary>String interpolation joins pieces two at a time with this.</summary>
    public const string Concat = "concat";

    /// <summary>The function a <c>panic(...)</c> statement calls.</summary>
    public const string Panic = "panic";

    /// <summary>The hidden resource kind a <c>panic(...)</c> statement produces when it fires.</summary>
    public const string PanicResourceKind = "_panic";

    /// <summary>The resource name of that hidden resource.</summary>
    public const string PanicResourceName = "panic";
}
