using Mgmt.Engine.Values;

namespace Mgmt.Engine.Tests;

public sealed class DataTypeParserTests
{
    [Theory]
    [InlineData("str")]
    [InlineData("[]map{str: int}")]
    [InlineData("struct{a int; b []str}")]
    [InlineData("func(a int, b str) bool")]
    [InlineData("func(int) str")]
    public void PrintsBackWhatItParsed(string text) => Assert.Equal(text, DataType.Parse(text).ToString());

    [Fact]
    public void AWordIsAParameterNameOnlyWhenATypeFollowsIt()
    {
        var named = (FuncType)DataType.Parse("func(str str) bool");
        Assert.Equal("str", named.Parameters[0].Name);
        Assert.Equal(DataType.Str, named.Parameters[0].Type);

        var unnamedMap = (FuncType)DataType.Parse("func(map{str: str}) str");
        Assert.Null(unnamedMap.Parameters[0].Name);
        Assert.Equal(DataType.Map(DataType.Str, DataType.Str), unnamedMap.Parameters[0].Type);

        var unnamedStruct = (FuncType)DataType.Parse("func(struct{a int}, func() str) str");
        Assert.Null(unnamedStruct.Parameters[0].Name);
        Assert.Null(unnamedStruct.Parameters[1].Name);
    }

    [Fact]
    public void UnknownsNeedTheCallbackAndMapToItsTypes()
    {
        Assert.Throws<FormatException>(() => DataType.Parse("[]?1"));
        var seen = new List<string>();
        var t = (FuncType)DataType.Parse("func(a ?1, b []?1) ?2", key => { seen.Add(key); return DataType.Int; });
        Assert.Equal(["1", "1", "2"], seen);
        Assert.Equal(DataType.List(DataType.Int), t.Parameters[1].Type);
    }

    [Theory]
    [InlineData("lst")]
    [InlineData("map{str int}")]
    [InlineData("[]str junk")]
    public void RefusesMalformedTypes(string text) => Assert.Throws<FormatException>(() => DataType.Parse(text));
}
