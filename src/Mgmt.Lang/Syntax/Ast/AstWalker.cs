namespace Mgmt.Lang.Syntax.Ast;

/// <summary>Generic traversals over <see cref="Node.Children"/>, so passes need not know every node kind.</summary>
public static class AstWalker
{
    /// <summary>The node and all its descendants, parents before children, in source order.</summary>
    public static IEnumerable<Node> DescendantsAndSelf(Node root)
    {
        // An explicit stack keeps deep trees (long operator chains) from exhausting the call stack.
        var stack = new Stack<Node>();
        stack.Push(root);
        var buffer = new List<Node>();
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            buffer.Clear();
            buffer.AddRange(node.Children);
            for (var i = buffer.Count - 1; i >= 0; i--) stack.Push(buffer[i]);
        }
    }

    /// <summary>All descendants of a given kind, in source order.</summary>
    public static IEnumerable<T> DescendantsOfType<T>(Node root) where T : Node =>
        DescendantsAndSelf(root).OfType<T>();

    /// <summary>
    /// Visits the tree in source order; <paramref name="visit"/> returns false to skip the children of the
    /// node it was given.
    /// </summary>
    public static void Visit(Node root, Func<Node, bool> visit)
    {
        if (!visit(root)) return;
        foreach (var child in root.Children) Visit(child, visit);
    }
}
