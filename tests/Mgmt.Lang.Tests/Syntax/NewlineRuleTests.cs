using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Tests.Syntax;

/// <summary>
/// Bracketed lists come in two layouts: all on one line without a trailing comma, or one item per line, each
/// ending with a comma, after a line break right behind the opening bracket.
/// </summary>
public sealed class NewlineRuleTests
{
    [Theory]
    [InlineData("[\n\t1,\n\t2,\n]", "[1, 2]")]
    [InlineData("[\n\n\t1,\n\n\t2,\n\n]", "[1, 2]")]
    [InlineData("[\n]", "[]")]
    [InlineData("{\n\t\"a\" => 1,\n}", "{t\"a\": 1}")]
    [InlineData("struct{\n\ta => 1,\n\tb => 2,\n}", "struct{a: 1, b: 2}")]
    [InlineData("f(\n\t1,\n\t2,\n)", "f(1, 2)")]
    [InlineData("$f(\n\t1,\n)", "$f(1)")]
    [InlineData("func(\n\t$a,\n\t$b str,\n) { $a }", "func($a, $b str) {$a}")]
    [InlineData("[\n\t1, # one\n\t2, # two\n]", "[1, 2]")]
    public void Multi_line_layouts(string source, string shape)
    {
        Assert.Equal(shape, Mcl.Shape(source));
    }

    [Fact]
    public void The_layout_is_recorded_for_the_formatter()
    {
        Assert.True(Assert.IsType<ListExpr>(Mcl.ParseExpr("[\n\t1,\n]")).Multiline);
        Assert.False(Assert.IsType<ListExpr>(Mcl.ParseExpr("[1]")).Multiline);
        Assert.True(Assert.IsType<CallExpr>(Mcl.ParseExpr("f(\n\t1,\n)")).Multiline);
        Assert.True(Assert.IsType<MapExpr>(Mcl.ParseExpr("{\n\t1 => 2,\n}")).Multiline);
        Assert.True(Assert.IsType<StructExpr>(Mcl.ParseExpr("struct{\n\ta => 2,\n}")).Multiline);
    }

    [Theory]
    // single line: no trailing comma, no leading or double commas, no line break inside
    [InlineData("$x = [1, 2,]\n", "1:12-1:13")]
    [InlineData("$x = [, 1]\n", "1:7-1:8")]
    [InlineData("$x = [1, , 2]\n", "1:10-1:11")]
    [InlineData("$x = [1,\n2]\n", "1:9-1:10")]
    [InlineData("$x = [1\n]\n", "1:8-1:9")]
    [InlineData("$x = f(1,)\n", "1:10-1:11")]
    [InlineData("$x = {1 => 2,}\n", "1:14-1:15")]
    [InlineData("$x = struct{a => 1,}\n", "1:20-1:21")]
    // multi-line: each item ends with a comma and its line
    [InlineData("$x = [\n\t1,\n\t2\n]\n", "3:3-3:4")]
    [InlineData("$x = [\n\t1, 2,\n]\n", "2:5-2:6")]
    [InlineData("$x = [\n\t,\n]\n", "2:2-2:3")]
    [InlineData("$x = f(\n\t1,\n\t,\n)\n", "3:2-3:3")]
    [InlineData("$x = [\n\t1,\n\t2,]\n", "3:4-3:5")]
    public void Layout_errors_point_at_the_offending_token(string text, string position)
    {
        Mcl.FailsAt(text, Phase.LexParse, position);
    }

    [Fact]
    public void A_trailing_comma_on_one_line_gets_an_explanation()
    {
        var error = Mcl.FailsAt("$x = [1, 2,]\n", Phase.LexParse, "1:12-1:13");
        Assert.Contains("no comma after the last list element", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$x = func() {\n\n\t1\n\n}\n")]
    [InlineData("$x = func() { 1\n}\n")]
    [InlineData("$x = if true {\n\t1\n} else { 2 }\n")]
    public void Expression_bodies_may_have_line_breaks_around_the_expression(string source)
    {
        Assert.Single(Mcl.Parse(source).Statements);
    }

    [Theory]
    [InlineData("$x = 1 +\n2\n", "1:9-1:10")]       // an operator does not continue on the next line
    [InlineData("$x =\n1\n", "1:5-1:6")]
    [InlineData("test \"a\" {\n\tx =>\n\t1,\n}\n", "2:6-2:7")]
    [InlineData("Test[\"a\"]\n-> Test[\"b\"]\n", "2:1-2:2")]
    public void Expressions_do_not_continue_over_line_breaks(string text, string position)
    {
        Mcl.FailsAt(text, Phase.LexParse, position);
    }
}
