using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Syntax.Limits;

/// <summary>
/// Refuses a syntax tree deeper than <see cref="InputLimits.MaxNesting"/>. The parser bounds its own recursion,
/// but it builds operator chains (<c>1 + 1 + ...</c>, <c>$x[0][0]...</c>) in loops, and those become trees as deep
/// as they are long; every later pass recurses over the tree, so the depth is checked once here, without
/// recursion, before any of them runs.
/// </summary>
internal static class NestingCheck
{
    public static void Run(ProgramStmt program)
    {
        var stack = new Stack<(Node Node, int Depth)>();
        stack.Push((program, 1));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (depth > InputLimits.MaxNesting) throw TooDeep(node.Span);
            foreach (var child in node.Children) stack.Push((child, depth + 1));
        }
    }

    /// <summary>The error for a construct that nests past the limit, at <paramref name="span"/>.</summary>
    public static LangException TooDeep(SourceSpan span) =>
        new(Phase.LexParse,
            $"the program nests more than {InputLimits.MaxNesting} levels deep here (brackets, blocks, function bodies and " +
            "each operator of a chain such as `a + b + c` add a level); split the expression with intermediate variables",
            span.IsNone ? span : new SourceSpan(span.File, span.StartLine, span.StartColumn, span.StartLine, span.StartColumn + 1));
}
