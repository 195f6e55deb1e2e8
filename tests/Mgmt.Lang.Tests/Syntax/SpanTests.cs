using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Tests.Syntax;

/// <summary>
/// Every node knows where it is written; errors of all later stages point there. Spans run from the first
/// character of the construct to just after its last one (1-based, end exclusive).
/// </summary>
public sealed class SpanTests
{
    private const string Program = """
        import "fmt" as f
        $b = $myfortytwo() + 3.0
        test "t" {
        	stringptr => 42, # int, not str
        	Before => Print["p"],
        }
        Test["a"].hello -> Print["b"].msg
        class c1($s) {
        	test [$s] {}
        }
        include c1 as i1
        $g = func($idn) {
        	$idn("foo")
        }
        $s = $st2->str2 <|> "C"
        $r = fmt.printf("%d", ($port))
        for $i, $v in $l {
        }
        panic("please panic")

        """;

    private static string SpanOf<T>(Func<T, bool>? where = null) where T : Node
    {
        var node = AstWalker.DescendantsOfType<T>(Mcl.Parse(Program)).First(n => where?.Invoke(n) ?? true);
        var s = node.Span;
        return $"{s.StartLine}:{s.StartColumn}-{s.EndLine}:{s.EndColumn}";
    }

    [Fact]
    public void Statements_span_from_their_first_word_to_their_last_token()
    {
        Assert.Equal("1:1-1:18", SpanOf<ImportStmt>());
        Assert.Equal("2:1-2:25", SpanOf<BindStmt>(b => b.Name == "b"));
        Assert.Equal("3:1-6:2", SpanOf<ResourceStmt>(r => r.Kind == "test"));
        Assert.Equal("7:1-7:34", SpanOf<EdgeStmt>());
        Assert.Equal("8:1-10:2", SpanOf<ClassStmt>());
        Assert.Equal("11:1-11:17", SpanOf<IncludeStmt>());
        Assert.Equal("17:1-18:2", SpanOf<ForStmt>());
    }

    [Fact]
    public void Resource_entries_include_their_comma_and_edge_halves_their_key()
    {
        Assert.Equal("4:2-4:18", SpanOf<ResourceFieldEntry>());
        Assert.Equal("5:2-5:23", SpanOf<ResourceEdgeEntry>());
        Assert.Equal("5:12-5:22", SpanOf<EdgeHalf>(h => h.Kind == "print" && h.SendRecv is null));
        Assert.Equal("7:1-7:16", SpanOf<EdgeHalf>(h => h.SendRecv == "hello"));
        Assert.Equal("7:20-7:34", SpanOf<EdgeHalf>(h => h.SendRecv == "msg"));
    }

    [Fact]
    public void Expressions_span_their_whole_text()
    {
        Assert.Equal("2:6-2:25", SpanOf<CallExpr>(c => c.Sugar == CallSugar.Operator));
        Assert.Equal("2:6-2:19", SpanOf<CallExpr>(c => c.IsVariable && c.Name == "myfortytwo"));
        Assert.Equal("2:20-2:21", SpanOf<StrExpr>(s => s.Value == "+"));
        Assert.Equal("4:15-4:17", SpanOf<IntExpr>(i => i.Value == 42));
        Assert.Equal("3:6-3:9", SpanOf<StrTemplateExpr>(s => s.RawText == "t"));
        Assert.Equal("9:7-9:11", SpanOf<ListExpr>());
        Assert.Equal("9:8-9:10", SpanOf<VarExpr>(v => v.Name == "s"));
        Assert.Equal("12:6-14:2", SpanOf<FuncExpr>());
        Assert.Equal("13:2-13:13", SpanOf<CallExpr>(c => c.IsVariable && c.Name == "idn"));
        Assert.Equal("15:6-15:24", SpanOf<CallExpr>(c => c.Sugar == CallSugar.OptionalFieldLookup));
        Assert.Equal("16:6-16:31", SpanOf<CallExpr>(c => c.Name == "fmt.printf"));
    }

    [Fact]
    public void Declared_names_span_the_dollar_and_the_name()
    {
        Assert.Equal("12:11-12:15", SpanOf<VarDecl>(d => d.Name == "idn"));
        Assert.Equal("17:5-17:7", SpanOf<VarDecl>(d => d.Name == "i"));
    }

    [Fact]
    public void Parentheses_are_part_of_the_span_of_what_they_enclose()
    {
        Assert.Equal("16:23-16:30", SpanOf<VarExpr>(v => v.Name == "port"));
    }

    [Fact]
    public void Every_part_of_a_desugared_panic_points_at_the_panic_statement()
    {
        var nodes = AstWalker.DescendantsAndSelf(Mcl.Parse(Program).Statements[^1]).ToList();
        Assert.Equal(
            ["19:1-19:22"],
            nodes.Where(n => n is not StrTemplateExpr).Select(n => $"{n.Span.StartLine}:{n.Span.StartColumn}-{n.Span.EndLine}:{n.Span.EndColumn}").Distinct());
    }

    [Fact]
    public void Spans_carry_the_file_name()
    {
        Assert.All(AstWalker.DescendantsAndSelf(Mcl.Parse(Program)), n => Assert.Equal(Mcl.File, n.Span.File));
    }
}
