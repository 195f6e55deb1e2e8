using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax.Formatting;

namespace Mgmt.Lang.Tests.Syntax.Formatting;

/// <summary>The layout rules of <c>mgmt fmt</c>, each on a small program.</summary>
public sealed class MclFormatterTests
{
    private static string Fmt(string text) => MclFormatter.Format("/main.mcl", text);

    [Fact]
    public void Indents_with_one_tab_per_open_bracket()
    {
        const string messy = "if true {\n    print \"p\" {\n  msg => \"x\",\n        }\n}\n";
        Assert.Equal("if true {\n\tprint \"p\" {\n\t\tmsg => \"x\",\n\t}\n}\n", Fmt(messy));
    }

    [Fact]
    public void Spaces_operators_and_commas_and_nothing_inside_brackets()
    {
        Assert.Equal("$x = [1, 2, 3]\n$y = ($a + 2) * 3 == 9 <|> false\n", Fmt("$x=[ 1,2 ,3 ]\n$y=( $a+2 )*3==9<|>false\n"));
    }

    [Fact]
    public void Keeps_the_minus_sign_as_written_because_spacing_changes_its_meaning()
    {
        Assert.Equal("$a = 5 - 1\n$b = -1\n", Fmt("$a = 5 - 1\n$b = -1\n"));
    }

    [Fact]
    public void Keeps_every_comment_and_the_alignment_of_trailing_ones()
    {
        const string text = "# head\n$a = 1      # one\n$bb = 22    # two\n  # indented comment\n";
        Assert.Equal("# head\n$a = 1      # one\n$bb = 22    # two\n# indented comment\n", Fmt(text));
    }

    [Fact]
    public void Leaves_the_inside_of_strings_alone_even_over_several_lines()
    {
        const string text = "$s = \"a  ,b\n   two   \" + \"x\"\n";
        Assert.Equal(text, Fmt(text));
    }

    [Fact]
    public void Collapses_blank_lines_and_trims_the_ends()
    {
        Assert.Equal("$a = 1\n\n$b = 2\n", Fmt("\n\n$a = 1   \n\n\n\n$b = 2\n\n\n"));
    }

    [Fact]
    public void A_closing_line_sits_where_its_opening_line_sat()
    {
        const string text = "$m = {\n\"a\" => [\n1,\n2,\n],\n}\n";
        Assert.Equal("$m = {\n\t\"a\" => [\n\t\t1,\n\t\t2,\n\t],\n}\n", Fmt(text));
    }

    [Fact]
    public void Kinds_meta_parameters_and_types_keep_their_colons_tight()
    {
        const string text = "http:server \":8080\" {\n\tMeta:noop => true,\n}\nfunc f($m map{str: int}, $s struct{a int; b str}) int {\n\t1\n}\n";
        Assert.Equal(text, Fmt(text));
    }

    [Fact]
    public void An_arrow_that_reads_a_field_is_tight_and_an_edge_is_spaced()
    {
        Assert.Equal("$x = $s->a\nPrint[\"a\"] -> Print[\"b\"]\nValue[\"v\"].any -> File[\"/f\"].content\n",
            Fmt("$x = $s -> a\nPrint[\"a\"]->Print[\"b\"]\nValue[\"v\"].any->File[\"/f\"].content\n"));
    }

    [Fact]
    public void Formatting_twice_changes_nothing()
    {
        const string messy = "import \"fmt\"\nfor $i,$v in [ \"a\",\"b\" ] {\n print \"p${v}\" {\n  msg=>fmt.printf(\"%d\",$i),\n  Meta:noop=>true,\n }\n}\nPrint[\"pa\"]->Print[\"pb\"]\n";
        var once = Fmt(messy);
        Assert.Equal(once, Fmt(once));
    }

    [Fact]
    public void A_file_that_does_not_parse_is_refused_with_its_position()
    {
        var e = Assert.Throws<LangException>(() => Fmt("print \"p\" {\n\tmsg => ,\n}\n"));
        Assert.Equal(Phase.LexParse, e.Phase);
        Assert.Equal(2, e.Span.StartLine);
    }
}
