using Mgmt.Lang.Diagnostics;

namespace Mgmt.Lang.Syntax.Ast;

/// <summary>
/// A node of the mcl syntax tree. Nodes are plain data: their parts, their <see cref="Span"/> in the source,
/// their direct <see cref="Children"/> and a deep <see cref="Clone"/>. Compiler passes (scope, types, graph) are
/// separate classes that switch over node types; nodes hold no pass logic.
/// </summary>
public abstract class Node
{
    /// <summary>
    /// Where the node is written: from its first character to just after its last one. Nodes made by a
    /// rewrite (operators, string interpolation, <c>panic</c>) carry the span of the source they stand for.
    /// </summary>
    public SourceSpan Span { get; set; }

    /// <summary>The direct children, in source order. Never contains null.</summary>
    public abstract IEnumerable<Node> Children { get; }

    /// <summary>
    /// A deep copy: every descendant node is new, so the copy can be changed without touching the original.
    /// Immutable parts (names, <see cref="Mgmt.Engine.Values.DataType"/>s, spans) are shared.
    /// </summary>
    public abstract Node Clone();

    /// <summary>
    /// Replaces each expression this node holds directly (its <see cref="Expr"/>-typed parts, not those of its
    /// child nodes) by <c>rewrite(expression)</c>. Nodes without expression parts do nothing. Use
    /// <see cref="AstRewriter"/> for whole-tree rewrites. Slots that need a particular kind of expression (the
    /// lambda of an inline call, the function of a <c>func</c> statement) throw
    /// <see cref="InvalidOperationException"/> if <paramref name="rewrite"/> returns another kind.
    /// </summary>
    public virtual void RewriteExpressions(Func<Expr, Expr> rewrite)
    {
    }

    /// <summary>A short description for debugging, such as <c>res(file)</c> or <c>var(x)</c>.</summary>
    public abstract override string ToString();
}

/// <summary>A part of the tree that produces a value.</summary>
public abstract class Expr : Node
{
    public abstract override Expr Clone();
}

/// <summary>A part of the tree that declares something or produces output (resources, edges).</summary>
public abstract class Stmt : Node
{
    public abstract override Stmt Clone();
}
