using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Tests.Core.Support;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Golang;

public sealed class TemplateTests
{
    private static string Render(string template, Value? data = null) =>
        (data is null ? Call("golang.template", S(template)) : Call("golang.template", S(template), data)).AsStr();

    private static readonly StructValue Values = St(
        ("a", S("purple")), ("b", I(42)), ("c", F(3.14)), ("l", L(DataType.Str, S("opt1"), S("opt2"))));

    private static readonly ListValue Structs = L(
        new StructType([new("name", DataType.Str), new("value", DataType.Str)]),
        St(("name", S("one")), ("value", S("alpha"))),
        St(("name", S("two")), ("value", S("beta"))));

    [Fact]
    public void ConformanceStructFieldsAreTitleCased() =>
        Assert.Equal("purple;42;3.14;opt1,opt2",
            Render("{{ .A }};{{ .B }};{{ .C }};{{ if .L }}{{ golang_strings_join .L \",\" }}{{ end }}", Values));

    [Fact]
    public void ConformanceRangeOverListOfStructs() =>
        Assert.Equal("one=alpha;two=beta;", Render("{{ range . }}{{ .Name }}={{ .Value }};{{ end }}", Structs));

    [Fact]
    public void ConformanceMapOfStructs()
    {
        var map = new MapValue(DataType.Map(DataType.Str, Structs.Type.Element),
            [new(S("first"), Structs[0]), new(S("second"), Structs[1])]);
        Assert.Equal("one=alpha;two=beta;", Render("{{ .first.Name }}={{ .first.Value }};{{ .second.Name }}={{ .second.Value }};", map));
    }

    [Fact]
    public void ConformanceIndexWithIntKey() =>
        Assert.Equal("answer", Render("{{ range . }}{{ index . 42 }}{{ end }}",
            L(DataType.Map(DataType.Int, DataType.Str), M(DataType.Int, DataType.Str, (I(42), S("answer"))))));

    [Fact]
    public void ConformanceListsPrintLikeGo()
    {
        Assert.Equal("out: [11 22 33 44 55]", Render("out: {{ . }}", L(DataType.Int, I(11), I(22), I(33), I(44), I(55))));
        Assert.Equal("out: 42", Render("out: {{ . }}", I(42)));
        Assert.Equal("hello", Render("hello", I(42)));
    }

    [Fact]
    public void ConformanceLibraryFunctionsReturningStructs() =>
        Assert.Equal("https www.example.com /search q=mgmt",
            Render("{{ (net_url_parser \"https://www.example.com/search?q=mgmt\").Scheme }} {{ (net_url_parser \"https://www.example.com/search?q=mgmt\").Host }} {{ (net_url_parser \"https://www.example.com/search?q=mgmt\").Path }} {{ (net_url_parser \"https://www.example.com/search?q=mgmt\").Raw_query }}"));

    [Fact]
    public void ConformanceMissingKeyIsAnError()
    {
        var e = Assert.Throws<FunctionException>(() => Render("{{ .Missing }}", M(DataType.Str, DataType.Str, (S("present"), S("hello")))));
        Assert.Contains("Missing", e.Message);
        Assert.Contains("line 1, column 1", e.Message);
    }

    public static TheoryData<string, string> Table() => new()
    {
        { "plain text", "plain text" },
        { "{{/* a comment */}}x", "x" },
        { "a  {{- \"b\" -}}  c", "abc" },
        { "{{ \"quoted\" }} {{ `raw` }} {{ 'a' }}", "quoted raw 97" },
        { "{{ 1 }} {{ 1.5 }} {{ 0x10 }} {{ 1e3 }} {{ -7 }}", "1 1.5 16 1000 -7" },
        { "{{ true }} {{ false }} {{ nil }}", "true false <nil>" },
        { "{{ if true }}yes{{ else }}no{{ end }}", "yes" },
        { "{{ if 0 }}a{{ else if \"\" }}b{{ else if 1 }}c{{ else }}d{{ end }}", "c" },
        { "{{ with \"x\" }}[{{ . }}]{{ end }}{{ with \"\" }}no{{ else }}empty{{ end }}", "[x]empty" },
        { "{{ $x := 5 }}{{ $x }}{{ $x = 6 }}{{ $x }}", "56" },
        { "{{ range $i, $e := .L }}{{ $i }}:{{ $e }} {{ end }}", "0:opt1 1:opt2 " },
        { "{{ range .L }}{{ . }}{{ break }}{{ end }}", "opt1" },
        { "{{ range .L }}{{ if eq . \"opt1\" }}{{ continue }}{{ end }}{{ . }}{{ end }}", "opt2" },
        { "{{ range 3 }}{{ . }}{{ end }}", "012" },
        { "{{ range .Empty }}x{{ else }}none{{ end }}", "none" },
        { "{{ len .L }} {{ len .A }} {{ index .L 1 }} {{ slice .A 1 3 }}", "2 6 opt2 ur" },
        { "{{ printf \"%s=%d %.1f %v\" .A .B .C .L }}", "purple=42 3.1 [opt1 opt2]" },
        { "{{ printf \"%05.2f|%x|%q\" 3.14159 255 \"q\" }}", "03.14|ff|\"q\"" },
        { "{{ printf \"%d\" \"nope\" }}", "%!d(str=nope)" },
        { "{{ print 1 2 \"a\" \"b\" 3 }}", "1 2ab3" },
        { "{{ println \"a\" 1 }}", "a 1\n" },
        { "{{ html \"<a href='x'>&</a>\" }}", "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;" },
        { "{{ js \"it's <b>\" }}", "it\\'s \\u003Cb\\u003E" },
        { "{{ urlquery \"a b&c=d\" }}", "a+b%26c%3Dd" },
        { "{{ eq 1 1 }} {{ eq 1 2 3 1 }} {{ ne \"a\" \"b\" }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt 1.5 2.5 }} {{ ge \"b\" \"a\" }}", "true true true true true false true" },
        { "{{ and 1 0 2 }} {{ or 0 \"\" \"x\" }} {{ not true }} {{ and 1 2 }}", "0 x false 2" },
        { "{{ .A | printf \"%s!\" }}", "purple!" },
        { "{{ .L | len | printf \"%d items\" }}", "2 items" },
        { "{{ (index .L 0) }}", "opt1" },
        { "{{ define \"T\" }}<{{ . }}>{{ end }}{{ template \"T\" .A }}{{ template \"T\" .B }}", "<purple><42>" },
        { "{{ block \"B\" .A }}[{{ . }}]{{ end }}", "[purple]" },
        { "{{ $ }}", "map[A:purple B:42 C:3.14 Empty:[] L:[opt1 opt2]]" },
        { "{{ _panic_debug false .A }} {{ strings_to_upper .A }} {{ golang_strings_repeat \"ab\" 2 }}", "false PURPLE abab" },
        { "{{ datetime_weekday 0 }}", "thursday" },
        { "{{ math_sqrt 16 }} {{ convert_int_to_str 7 }}", "4 7" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void RendersLikeGoTextTemplate(string template, string expected)
    {
        var data = St(("a", S("purple")), ("b", I(42)), ("c", F(3.14)), ("empty", L(DataType.Str)), ("l", L(DataType.Str, S("opt1"), S("opt2"))));
        Assert.Equal(expected, Render(template, data));
    }

    [Theory]
    [InlineData("{{ .a }}", "has no field .a")]
    [InlineData("{{ .A.B }}", "cannot read .B")]
    [InlineData("{{ nosuchfunc }}", "not defined")]
    [InlineData("{{ index .L 5 }}", "out of range")]
    [InlineData("{{ eq .A 1 }}", "cannot compare")]
    [InlineData("{{ lt true false }}", "cannot order")]
    [InlineData("{{ $undefined }}", "undefined variable")]
    [InlineData("{{ template \"missing\" }}", "no template named")]
    [InlineData("{{ .A 1 }}", "not a function")]
    [InlineData("{{ math_sqrt \"x\" }}", "must be a float")]
    [InlineData("{{ math_sqrt -1 }}", "math_sqrt failed")]
    [InlineData("{{ range .A }}{{ end }}", "cannot iterate")]
    public void ExecutionErrorsSayWhatIsWrong(string template, string expected)
    {
        var e = Assert.Throws<FunctionException>(() => Render(template, Values));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("{{ if }}", "missing value")]
    [InlineData("{{ if true }}", "no matching {{end}}")]
    [InlineData("{{ end }}", "unexpected")]
    [InlineData("{{ .A", "unclosed action")]
    [InlineData("{{ \"unterminated }}", "unterminated")]
    [InlineData("{{ break }}", "outside {{range}}")]
    [InlineData("{{ 3x }}", "bad number")]
    [InlineData("{{ .A.B| }}", "missing command")]
    [InlineData("{{/* open }}", "unclosed comment")]
    [InlineData("line1\n  {{ % }}", "line 2, column 6")]
    public void ParseErrorsGiveThePosition(string template, string expected)
    {
        var e = Assert.Throws<FunctionException>(() => Render(template, Values));
        Assert.Contains("does not parse", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void WithoutDataDotHasNoValue()
    {
        Assert.Equal("<no value>", Render("{{ . }}"));
        Assert.Throws<FunctionException>(() => Render("{{ .X }}"));
    }

    [Fact]
    public void TypingTakesOneOrTwoArguments()
    {
        var fn = Find("golang.template");
        Assert.Equal("func(template str) str", TypeOf(fn, [DataType.Str]).ToString());
        Assert.Equal("func(template str, vars int) str", TypeOf(fn, [DataType.Str, DataType.Int]).ToString());
        Assert.Throws<TypeCheckException>(() => TypeOf(fn, []));
        Assert.Throws<TypeCheckException>(() => TypeOf(fn, [DataType.Str, DataType.Int, DataType.Int]));
        Assert.Throws<TypeCheckException>(() => TypeOf(fn, [DataType.Int]));
    }
}
