namespace Mgmt.Lang.Syntax.Ast;

/// <summary>Whole-tree expression replacement built on <see cref="Node.RewriteExpressions"/>.</summary>
public static class AstRewriter
{
    /// <summary>
    /// Walks every expression under <paramref name="root"/> in source order. For each one,
    /// <paramref name="replace"/> returns the node to put in its place (which is not walked further), or null
    /// to keep it and walk into its children. Statements and helper nodes are walked into as well.
    /// </summary>
    public static void Rewrite(Node root, Func<Expr, Expr?> replace)
    {
        Expr Visit(Expr e)
        {
            if (replace(e) is { } replacement) return replacement;
            RewriteInside(e, Visit);
            return e;
        }

        RewriteInside(root, Visit);
    }

    private static void RewriteInside(Node node, Func<Expr, Expr> visit)
    {
        node.RewriteExpressions(visit);
        foreach (var child in node.Children)
        {
            // Expression children were handled by RewriteExpressions; other nodes can hold expressions deeper.
            if (child is not Expr) RewriteInside(child, visit);
        }
    }
}
