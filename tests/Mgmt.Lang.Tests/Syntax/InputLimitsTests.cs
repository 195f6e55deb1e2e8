using System.Text;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Files;
using Mgmt.Lang.Syntax.Limits;
using Mgmt.Lang.Tests.Runtime.Support;
using Mgmt.Lang.Tests.Semantics;

namespace Mgmt.Lang.Tests.Syntax;

/// <summary>
/// The reproducers of issue 12: inputs that aborted the process (stack overflow) or exhausted memory are refused
/// with a positioned lexparse error, and programs just inside the limits still compile, lower and run, here on a
/// thread-pool thread (the smallest stack the compiler meets).
/// </summary>
public sealed class InputLimitsTests
{
    private static string Repeat(string text, int times) => new StringBuilder(text.Length * times).Insert(0, text, times).ToString();

    public static TheoryData<string, string> TooDeep => new()
    {
        { "lists", "$x = " + Repeat("[", 3000) + Repeat("]", 3000) },
        { "maps", "$x = " + Repeat("{", 3000) + Repeat("}", 3000) },
        { "structs", "$x = " + Repeat("struct{a => ", 3000) + "1" + Repeat("}", 3000) },
        { "lambdas", "$x = " + Repeat("func() {", 3500) + "1" + Repeat("}", 3500) },
        { "parentheses", "$x = " + Repeat("(", 6250) + "1" + Repeat(")", 6250) },
        { "if blocks", Repeat("if true {\n", 7750) + "$x = 1\n" + Repeat("}\n", 7750) },
        { "if expressions", "$x = " + Repeat("if true {", 3000) + "1" + Repeat("} else {2}", 3000) },
        { "not", "$x = " + Repeat("not ", 20_000) + "true" },
        { "list types", "$x " + Repeat("[]", 5000) + "int = []" },
        { "sums", "$x = 1" + Repeat(" + 1", 15_500) },
        { "and", "$x = true" + Repeat(" and true", 15_500) },
        { "fallbacks", "$x = 1" + Repeat(" <|> 1", 15_500) },
        { "indexes", "$x = [1]" + Repeat("[0]", 15_500) },
        { "field lookups", "$x = struct{a => 1}" + Repeat("->a", 15_500) },
    };

    [Theory]
    [MemberData(nameof(TooDeep))]
    public void Nesting_past_the_limit_is_a_positioned_lexparse_error(string what, string program)
    {
        var e = SemanticsHarness.Fails(Phase.LexParse, program);
        Assert.True(e.Message.Contains($"more than {InputLimits.MaxNesting} levels deep", StringComparison.Ordinal), $"{what}: {e}");
        Assert.False(e.Span.IsNone, $"{what}: the error has no position");
        Assert.Equal("/main.mcl", e.Span.File);
    }

    public static TheoryData<string, string> JustInside => new()
    {
        { "lists", "$x = " + Repeat("[", 990) + "1" + Repeat("]", 990) + "\n$y = len($x)" },
        { "structs", "$x = " + Repeat("struct{a => ", 490) + "1" + Repeat("}", 490) },
        { "called lambdas", "$x = " + Repeat("func() {", 490) + "1" + Repeat("}()", 490) },
        { "parentheses", "$x = " + Repeat("(", 990) + "1" + Repeat(")", 990) },
        { "if blocks", Repeat("if true {\n", 490) + "widget \"w\" {}\n" + Repeat("}\n", 490) },
        { "if expressions", "$x = " + Repeat("if true {", 990) + "1" + Repeat("} else {2}", 990) },
        { "sums", "$x = 1" + Repeat(" + 1", 990) },
        { "and", "$x = true" + Repeat(" and true", 990) },
        { "fallbacks", "$x = 1" + Repeat(" <|> 1", 990) },
        { "indexes", "$x = " + Repeat("[", 490) + "1" + Repeat("]", 490) + Repeat("[0]", 490) },
    };

    [Theory]
    [MemberData(nameof(JustInside))]
    public async Task Programs_just_inside_the_limit_compile_lower_and_run(string what, string program)
    {
        await using var h = RuntimeHarness.Start(program + "\nwidget \"end\" {}\n");
        var graph = await h.NextGraphAsync();
        Assert.True(graph.Vertices.Any(v => v.Name == "end"), what);
    }

    [Fact]
    public void A_file_larger_than_the_limit_is_refused_before_it_is_lexed()
    {
        var files = new MemorySourceFiles();
        files.Add("/main.mcl", "$x = \"" + new string('a', InputLimits.MaxSourceBytes) + "\"\n");
        var e = SemanticsHarness.Fails(Phase.LexParse, files);
        Assert.Contains("the file is larger than the 8 MiB a source file may hold", e.Message, StringComparison.Ordinal);
        Assert.Contains("/main.mcl", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_refused_at_its_line_and_column()
    {
        var files = new MemorySourceFiles();
        files.Add("/main.mcl", [.. "$a = \"caf\u00e9\"\n$b = \"x"u8.ToArray(), 0xff, 0xfe, .. "\"\n"u8.ToArray()]);
        var e = SemanticsHarness.Fails(Phase.LexParse, files);
        Assert.Contains("not valid UTF-8", e.Message, StringComparison.Ordinal);
        Assert.Contains("0xff", e.Message, StringComparison.Ordinal);
        Assert.Equal(["/main.mcl:2:8-2:9"], SemanticsHarness.Positions(e));
    }

    [Fact]
    public void A_byte_order_mark_is_not_an_error()
    {
        var files = new MemorySourceFiles();
        files.Add("/main.mcl", [0xef, 0xbb, 0xbf, .. "$x = 1\n"u8.ToArray()]);
        SemanticsHarness.Check(files);
    }

    [Fact]
    public void A_module_metadata_file_that_is_not_valid_yaml_is_a_positioned_error_not_a_crash()
    {
        // The two inputs that made YamlDotNet throw exceptions of its own kinds (not YamlException).
        foreach (var metadata in new[] { "- {\nl", "- :" })
        {
            var e = SemanticsHarness.Fails(Phase.LexParse, SemanticsHarness.Tree("$x = 1\n", ("/metadata.yaml", metadata)));
            Assert.Contains("/metadata.yaml @ ", e.Message, StringComparison.Ordinal);
            Assert.Contains("not valid YAML", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Yaml_nested_past_its_limit_is_refused_where_it_goes_too_deep()
    {
        var e = Assert.Throws<YamlLoadException>(() => YamlLoader.Load("a: " + Repeat("[", 40_000) + Repeat("]", 40_000)));
        Assert.Contains($"more than {InputLimits.MaxYamlNesting} levels deep", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, e.Line);
        // The top-level mapping is the first level: the 200th bracket, at column 3 + 200, is one too many.
        Assert.Equal(3 + InputLimits.MaxYamlNesting, e.Column);
    }
}
