namespace Mgmt.Lang.Syntax.Ast;

/// <summary>
/// One line of a resource body, optionally guarded by a <see cref="Condition"/> (<c>x => cond ?: value,</c>:
/// the line takes effect only while the condition is true). The span runs from the first word to the
/// trailing comma, inclusive.
/// </summary>
public abstract class ResourceEntry : Node
{
    public Expr? Condition { get; set; }

    public abstract override ResourceEntry Clone();
}
