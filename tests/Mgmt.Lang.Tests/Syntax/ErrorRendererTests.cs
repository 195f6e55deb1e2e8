using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax;

namespace Mgmt.Lang.Tests.Syntax;

public sealed class ErrorRendererTests
{
    private static LangException Error(string message, int line, int start, int endLine, int end) =>
        new(Phase.Unify, message, new SourceSpan("/main.mcl", line, start, endLine, end));

    [Fact]
    public void A_one_line_span_is_underlined_with_carets()
    {
        const string source = "import \"fmt\"\n$b = $myfortytwo() + 3.0\n";
        var text = ErrorRenderer.Render(Error("type error: int != float", 2, 6, 2, 25), source);
        Assert.Equal(
            "type error: int != float: /main.mcl @ 2:6-2:25\n\n$b = $myfortytwo() + 3.0\n     ^^^^^^^^^^^^^^^^^^^\n",
            text);
    }

    [Fact]
    public void The_caret_line_copies_the_indentation_so_tabs_line_up()
    {
        const string source = "x\n\t\trule => fmt.printf(\"%d\", $port),\n";
        var text = ErrorRenderer.Render(Error("bad", 2, 11, 2, 34), source);
        Assert.EndsWith("\t\trule => fmt.printf(\"%d\", $port),\n\t\t        ^^^^^^^^^^^^^^^^^^^^^^^\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multi_line_span_marks_its_first_and_last_line()
    {
        const string source = "test \"t\" {\n\tanotherstr => \"a\",\n\tanotherstr => \"b\",\n}\n";
        var text = ErrorRenderer.Render(Error("dup", 1, 1, 4, 2), source);
        Assert.Equal("dup: /main.mcl @ 1:1-4:2\n\ntest \"t\" {\n^ from here ...\n}\n^ ... to here\n", text);

        const string indented = "if true {\n\t$f = func() {\n\t\t1\n\t}\n}\n";
        var inner = ErrorRenderer.Render(Error("x", 2, 7, 4, 3), indented);
        Assert.EndsWith("\t$f = func() {\n\t     ^ from here ...\n\t}\n\t^ ... to here\n", inner, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parse_error_renders_exactly_like_the_reference_highlight()
    {
        const string source = "$x = [1, 2]]\ntest \"t\" {}\n";
        var error = Assert.Throws<LangException>(() => SyntaxPipeline.Parse(new SourceFile("/main.mcl", source)));
        var text = ErrorRenderer.Render(error, source);
        Assert.EndsWith(": /main.mcl @ 1:12-1:13\n\n$x = [1, 2]]\n           ^\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_source_only_the_message_is_printed()
    {
        var error = Error("oops", 3, 1, 3, 2);
        Assert.Equal("oops: /main.mcl @ 3:1-3:2\n", ErrorRenderer.Render(error, _ => null));
        Assert.Equal("oops: /main.mcl @ 3:1-3:2\n", ErrorRenderer.Render(error, "only one line\n".Split('\n')[0]));
        var noSpan = new LangException(Phase.Stream, "engine stopped");
        Assert.Equal("engine stopped\n", ErrorRenderer.Render(noSpan, "x\n"));
    }

    [Fact]
    public void Sources_are_looked_up_by_the_file_of_the_span()
    {
        var error = new LangException(Phase.SetScope, "bad import", new SourceSpan("/other.mcl", 1, 1, 1, 4));
        var text = ErrorRenderer.Render(error, path => path == "/other.mcl" ? "abc\n" : null);
        Assert.EndsWith("\n\nabc\n^^^\n", text, StringComparison.Ordinal);
    }
}
