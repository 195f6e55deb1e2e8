using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Tests.Syntax;

public sealed class InterpolatePassTests
{
    private static string Interpolated(string literal) => AstPrinter.Print(Mcl.PrepareExpr(literal));

    [Theory]
    [InlineData("\"plain\"", "\"plain\"")]
    [InlineData("\"\"", "\"\"")]
    [InlineData("\"a\\tb\\n\"", "\"a\\tb\\n\"")]
    [InlineData("\"q\\\"q\\\\\"", "\"q\\\"q\\\\\"")]
    [InlineData("\"\\$x and ${x}\"", "concat(\"$x and \", $x)")]
    [InlineData("\"costs $5\"", "\"costs $5\"")]
    [InlineData("\"$\"", "\"$\"")]
    [InlineData("\"${x}\"", "$x")]
    [InlineData("\"a${x}\"", "concat(\"a\", $x)")]
    [InlineData("\"${x}b\"", "concat($x, \"b\")")]
    [InlineData("\"a${x}b${y}c\"", "concat(\"a\", concat($x, concat(\"b\", concat($y, \"c\"))))")]
    [InlineData("\"${x}${y}\"", "concat($x, $y)")]
    [InlineData("\"${mod.x_1}\"", "$mod.x_1")]
    [InlineData("\"line\n${x}\"", "concat(\"line\\n\", $x)")]
    public void Strings_become_final_strings_or_nested_concat_calls(string literal, string shape)
    {
        Assert.Equal(shape, Interpolated(literal));
    }

    [Fact]
    public void Every_part_of_an_interpolated_string_points_at_the_literal()
    {
        var e = Mcl.PrepareExpr("\"a${x}b\"");
        Assert.All(AstWalker.DescendantsAndSelf(e), n => Assert.Equal("/main.mcl @ 1:6-1:14", n.Span.ToString()));
        Assert.Equal(CallSugar.Interpolation, Assert.IsType<CallExpr>(e).Sugar);
    }

    [Fact]
    public void No_template_is_left_anywhere()
    {
        const string source = """
            test "${a}" {
            	anotherstr => "x${b}",
            	Before => Test["${c}"],
            	Meta:hidden => $x == "${d}",
            }
            $l = [{"k" => struct{f => func($p) { "${p}" }("q")}}]
            include c("${e}")
            if "${f}" == "" {
            	$y = if true { "${g}" } else { "h" }
            }

            """;
        var program = Mcl.Prepare(source);
        Assert.DoesNotContain(AstWalker.DescendantsAndSelf(program), n => n is StrTemplateExpr);
        var names = AstWalker.DescendantsOfType<VarExpr>(program).Select(v => v.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "a", "b", "c", "d", "e", "f", "g", "p" }, names);
    }

    [Theory]
    [InlineData("$x = \"bad\\qescape\"\n", "1:6-1:19", "\\q")]
    [InlineData("test \"X: \\z\" {}\n", "1:6-1:13", "\\z")]
    [InlineData("test \"X: ${}\" {}\n", "1:6-1:14", "${}")]
    [InlineData("test \"X: ${foo()}\" {}\n", "1:6-1:19", "${foo()}")]
    [InlineData("test \"X: ${bad +}\" {}\n", "1:6-1:19", "${bad +}")]
    [InlineData("test \"X: ${Up}\" {}\n", "1:6-1:16", "${Up}")]
    [InlineData("test \"X: ${a.}\" {}\n", "1:6-1:16", "${a.}")]
    [InlineData("test \"X: ${open\" {}\n", "1:6-1:17", "never closed")]
    public void Bad_strings_are_interpolate_errors_on_the_whole_literal(string text, string position, string mention)
    {
        var error = Mcl.FailsAt(text, Phase.Interpolate, position);
        Assert.Contains(mention, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Colon_named_classes_move_into_their_parent()
    {
        const string source = """
            class base($s) {
            	$middle = "m"
            }
            class base:inner1($s) {
            	$last = $middle
            }
            class base:inner1:deep($s, $b) {
            }
            class base:inner2 {
            }

            """;
        Assert.Equal(
            "class base($s) {$middle = \"m\"; class inner1($s) {$last = $middle; class deep($s, $b) {}}; class inner2 {}}",
            AstPrinter.Print(Mcl.Prepare(source)));
    }

    [Fact]
    public void Nesting_works_in_any_block_and_in_any_order()
    {
        const string source = "if true {\n\tclass a:b {\n\t}\n\tclass a {\n\t}\n}\n";
        Assert.Equal("if true {class a {class b {}}}", AstPrinter.Print(Mcl.Prepare(source)));
    }

    [Fact]
    public void A_nested_class_needs_its_parent_in_the_same_block()
    {
        var error = Mcl.FailsAt("class a:b {\n}\n", Phase.Interpolate, "1:1-2:2");
        Assert.Contains("no class `a`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_class_names_point_at_the_second_class()
    {
        var error = Mcl.FailsAt("class foo {}\nclass foo {}\ntest \"t\" {}\n", Phase.Interpolate, "2:1-2:13");
        Assert.Contains("`foo`", error.Message, StringComparison.Ordinal);
        Assert.Contains("1:1", error.Message, StringComparison.Ordinal);
        // a class moved into a parent that already has one of that name
        Mcl.FailsAt("class a {\n\tclass b {}\n}\nclass a:b {}\n", Phase.Interpolate, "4:1-4:13");
        // the same name in different blocks is fine
        Mcl.Prepare("class a {}\nif true {\n\tclass a {}\n}\n");
    }

    [Fact]
    public void Inner_blocks_are_checked_before_the_block_around_them()
    {
        // The duplicate inside `a` is found before the bad string that follows `a`, as in the reference.
        Mcl.FailsAt("class a {\n\tclass b {}\n\tclass b {}\n}\n$x = \"\\q\"\n", Phase.Interpolate, "3:2-3:12");
    }
}
