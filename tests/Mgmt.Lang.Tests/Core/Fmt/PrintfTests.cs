using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Tests.Core.Support;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Fmt;

public sealed class PrintfTests
{
    private static string Printf(string format, params Value[] args) => Call("fmt.printf", [S(format), .. args]).AsStr();

    public static TheoryData<string, Value[], string> Table() => new()
    {
        // Outputs seen in the reference's conformance archives.
        { "%s is %d", [S("a"), I(42)], "a is 42" },
        { "float: %f", [F(42)], "float: 42" },
        { "int: %d", [I(42)], "int: 42" },
        { "%v", [F(13)], "13" },
        { "%v", [I(10)], "10" },
        { "%v", [L(DataType.Int, I(0), I(1), I(2))], "[0, 1, 2]" },
        { "%v", [L(DataType.Int)], "[]" },
        { "%s %s %s %s", [S("https"), S("www.example.com"), S("/search"), S("q=mgmt")], "https www.example.com /search q=mgmt" },
        { "%d + %d is %d", [I(1), I(2), I(3)], "1 + 2 is 3" },
        { "single", [], "single" },
        // Go's fmt rules for the rest.
        { "%v", [S("raw")], "raw" },
        { "%q", [S("say \"hi\"\n")], "\"say \\\"hi\\\"\\n\"" },
        { "%t", [B(true)], "true" },
        { "%v", [M(DataType.Str, DataType.Int, (S("b"), I(2)), (S("a"), I(1)))], "{\"a\": 1, \"b\": 2}" },
        { "%v", [St(("a", I(1)), ("b", S("x")))], "struct{a: 1; b: \"x\"}" },
        { "%T", [L(DataType.Str)], "[]str" },
        { "100%%", [], "100%" },
        { "%f", [F(3.14)], "3.14" },
        { "%.2f", [F(3.14159)], "3.14" },
        { "%.0f", [F(2.5)], "2" },
        { "%5d|%-5d|%05d", [I(42), I(42), I(-42)], "   42|42   |-0042" },
        { "%+d", [I(5)], "+5" },
        { "%x %X %o %b", [I(255), I(255), I(8), I(5)], "ff FF 10 101" },
        { "%8.3s|", [S("abcdef")], "     abc|" },
        { "%e", [F(1234.5678)], "1.234568e+03" },
        { "%g", [F(1234567.0)], "1.234567e+06" },
        { "%g", [F(0.0001)], "0.0001" },
        { "%.3g", [F(1.0)], "1" },
        { "%c", [I(0x263A)], "☺" },
        { "%v", [F(1e21)], "1000000000000000000000" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void FormatsLikeTheReference(string format, Value[] args, string expected) =>
        Assert.Equal(expected, Printf(format, args));

    [Fact]
    public void VerbsFixArgumentTypesAtCompileTime()
    {
        var printf = Find("fmt.printf");
        var t = TypeOf(printf, [DataType.Str, DataType.Str, DataType.Int], [S("%s is %d")]);
        Assert.Equal("func(format str, a str, b int) str", t.ToString());
        var e = Assert.Throws<TypeCheckException>(() => TypeOf(printf, [DataType.Str, DataType.Int, DataType.Str], [S("type: %T value: %d")]));
        Assert.Contains("str", e.Message);
    }

    [Fact]
    public void WrongArgumentCountIsACompileError()
    {
        var printf = Find("fmt.printf");
        var e = Assert.Throws<TypeCheckException>(() => TypeOf(printf, [DataType.Str, DataType.Int], [S("%d %d")]));
        Assert.Contains("2 verbs", e.Message);
        Assert.Throws<TypeCheckException>(() => TypeOf(printf, [DataType.Str, DataType.Int, DataType.Int], [S("%d")]));
    }

    [Theory]
    [InlineData("%z")]
    [InlineData("50%")]
    [InlineData("%[1]d")]
    public void BadFormatsAreCompileErrors(string format)
    {
        var e = Assert.Throws<TypeCheckException>(() => TypeOf(Find("fmt.printf"), [DataType.Str, DataType.Int], [S(format)]));
        Assert.Contains("format", e.Message);
    }

    [Fact]
    public void DynamicFormatsAreCheckedAtRunTime()
    {
        var printf = Find("fmt.printf");
        var t = TypeOf(printf, [DataType.Str, DataType.Int]);
        var node = (PureFunctionNode)printf.Create(t);
        node.Init(new TestFunctionContext());
        Assert.Equal(S("n=3"), node.Call([S("n=%d"), I(3)]));
        Assert.Throws<FunctionException>(() => node.Call([S("n=%s"), I(3)]));
        Assert.Throws<FunctionException>(() => node.Call([S("n=%d %d"), I(3)]));
        Assert.Throws<FunctionException>(() => node.Call([S("n=%y"), I(3)]));
    }
}
