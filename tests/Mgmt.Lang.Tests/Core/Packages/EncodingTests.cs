using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Packages;

public sealed class EncodingTests
{
    [Fact]
    public void ConformanceBase64()
    {
        Assert.Equal(S("aGVsbG8="), Call("encoding.base64_encode", S("hello")));
        Assert.Equal(S("hello"), Call("encoding.base64_decode", S("aGVsbG8=")));
        Assert.Throws<CatchableException>(() => Call("encoding.base64_decode", S("not base64!")));
    }

    [Fact]
    public void ConformanceFlexibleJsonMap()
    {
        const string json = "{\n\t\"4\": {\"hello\": 13, \"goodbye\": \"abc\"},\n\t\"7\": {\"hello\": 42, \"goodbye\": \"def\"}\n}";
        var result = Call("encoding.decode_json_flexible", S(json), S("map{str: struct{hello int; goodbye str;}}"));
        Assert.Equal("{\"4\": struct{hello: 13; goodbye: \"abc\"}, \"7\": struct{hello: 42; goodbye: \"def\"}}", result.ToString());
    }

    [Fact]
    public void TheTypeStringFixesTheResultType()
    {
        var fn = Find("encoding.decode_json");
        Assert.Equal(DataType.Parse("[]int"), TypeOf(fn, [DataType.Str, DataType.Str], [null, S("[]int")]).Result);
        Assert.Throws<TypeCheckException>(() => TypeOf(fn, [DataType.Str, DataType.Str], [null, S("[]nope")]));
        Assert.Equal(DataType.Bool, TypeOf(fn, [DataType.Str], result: DataType.Bool).Result);
    }

    [Fact]
    public void StrictDecodingNeedsEveryField()
    {
        var e = Assert.Throws<CatchableException>(() => Call("encoding.decode_json", S("{\"a\": 1}"), S("struct{a int; b str}")));
        Assert.Contains("'b'", e.Message);
        Assert.Equal("struct{a: 1; b: \"\"}", Call("encoding.decode_json_flexible", S("{\"A\": 1}"), S("struct{a int; b str}")).ToString());
    }

    [Theory]
    [InlineData("[1, 2.5]", "[]int")]
    [InlineData("{\"a\": 1", "map{str: int}")]
    [InlineData("\"x\"", "int")]
    [InlineData("{\"x\": 1}", "map{int: int}")]
    public void BadJsonIsCatchable(string json, string type) =>
        Assert.Throws<CatchableException>(() => Call("encoding.decode_json", S(json), S(type)));

    [Fact]
    public void NestedValuesAndNull()
    {
        Assert.Equal("{1: [true], 2: []}", Call("encoding.decode_json", S("{\"1\": [true], \"2\": null}"), S("map{int: []bool}")).ToString());
        Assert.Equal(F(0.5), Call("encoding.decode_json", S("0.5"), S("float")));
    }
}
