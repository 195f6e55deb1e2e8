using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Tests.Syntax;

/// <summary>Shortcuts for the syntax tests.</summary>
internal static class Mcl
{
    public const string File = "/main.mcl";

    /// <summary>Parses a program (lex + parse only).</summary>
    public static ProgramStmt Parse(string text) => SyntaxPipeline.Parse(new SourceFile(File, text)).Program;

    /// <summary>Parses, validates and interpolates a program.</summary>
    public static ProgramStmt Prepare(string text) => SyntaxPipeline.Prepare(File, text).Program;

    /// <summary>The value of <c>$x = expression</c>, parsed only.</summary>
    public static Expr ParseExpr(string expression) => ((BindStmt)Parse("$x = " + expression + "\n").Statements[0]).Value;

    /// <summary>The value of <c>$x = expression</c> after all three syntax stages.</summary>
    public static Expr PrepareExpr(string expression) => ((BindStmt)Prepare("$x = " + expression + "\n").Statements[0]).Value;

    /// <summary>The printed shape of the parsed expression.</summary>
    public static string Shape(string expression) => AstPrinter.Print(ParseExpr(expression));

    /// <summary>The printed shape of the parsed program.</summary>
    public static string ProgramShape(string text) => AstPrinter.Print(Parse(text));

    /// <summary>Runs the three stages and returns the error they must raise.</summary>
    public static LangException Fails(string text) =>
        Assert.Throws<LangException>(() => SyntaxPipeline.Prepare(File, text));

    /// <summary>Asserts the program fails in <paramref name="phase"/> at the one-line span <c>line:from-line:to</c>.</summary>
    public static LangException FailsAt(string text, Phase phase, string position)
    {
        var error = Fails(text);
        Assert.Equal(phase, error.Phase);
        Assert.Equal($"{File} @ {position}", error.Span.ToString());
        return error;
    }
}
