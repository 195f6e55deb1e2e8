using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Syntax.Passes;

/// <summary>
/// The Interpolate stage. Replaces every <see cref="StrTemplateExpr"/> by its final form: a
/// <see cref="StrExpr"/> with decoded escapes, the <see cref="VarExpr"/> of a string that is just
/// <c>"${x}"</c>, or nested <c>concat(piece, concat(piece, ...))</c> calls, as the reference lowers
/// interpolation. New nodes carry the span of the whole literal. Then, program by program (inner ones
/// first), it moves colon-named classes into their parents (<see cref="ClassNesting"/>). Errors are
/// <see cref="Phase.Interpolate"/>.
/// </summary>
internal static class InterpolatePass
{
    public static void Run(ProgramStmt program) => InterpolateProgram(program);

    private static void InterpolateProgram(ProgramStmt program)
    {
        foreach (var statement in program.Statements) InterpolateNode(statement);
        ClassNesting.Apply(program);
    }

    private static void InterpolateNode(Node node)
    {
        node.RewriteExpressions(InterpolateExpr);
        foreach (var child in node.Children)
        {
            if (child is ProgramStmt inner) InterpolateProgram(inner);
            else if (child is not Expr) InterpolateNode(child);
        }
    }

    private static Expr InterpolateExpr(Expr e)
    {
        if (e is StrTemplateExpr template) return Lower(template);
        // Expressions contain no statements, so the generic rewriter covers the rest of the subtree.
        AstRewriter.Rewrite(e, x => x is StrTemplateExpr t ? Lower(t) : null);
        return e;
    }

    /// <summary>The final form of one string literal.</summary>
    public static Expr Lower(StrTemplateExpr template)
    {
        List<StringTemplate.Piece> pieces;
        try
        {
            pieces = StringTemplate.Parse(template.RawText);
        }
        catch (FormatException ex)
        {
            throw new LangException(Phase.Interpolate, $"cannot read this string: {ex.Message}", template.Span);
        }

        var span = template.Span;
        if (pieces.Count == 0) return new StrExpr { Value = "", Span = span };
        var exprs = pieces.ConvertAll(Expr (p) => p.IsVariable
            ? new VarExpr { Name = p.Text, Span = span }
            : new StrExpr { Value = p.Text, Span = span });

        // Right-nested pairs: concat(a, concat(b, c)).
        var result = exprs[^1];
        for (var i = exprs.Count - 2; i >= 0; i--)
        {
            result = new CallExpr
            {
                Name = BuiltinNames.Concat, Args = [exprs[i], result], Sugar = CallSugar.Interpolation, Span = span,
            };
        }
        return result;
    }
}
