using Mgmt.Lang.Functions;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Packages;

public sealed class ConvertTests
{
    [Fact]
    public void ConformanceStrToIntFailureIsCatchable()
    {
        Assert.Throws<CatchableException>(() => Call("convert.str_to_int", S("not a number")));
        Assert.Equal(I(13), Call("convert.str_to_int", S("13")));
    }

    [Theory]
    [InlineData("-42", -42L)]
    [InlineData("+7", 7L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void StrToIntParsesBase10(string text, long expected) => Assert.Equal(I(expected), Call("convert.str_to_int", S(text)));

    [Theory]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1_000")]
    [InlineData("0x10")]
    [InlineData("9223372036854775808")]
    public void StrToIntRefusesWhatGoRefuses(string text) => Assert.Throws<CatchableException>(() => Call("convert.str_to_int", S(text)));

    [Fact]
    public void FloatsParseAndConvert()
    {
        Assert.Equal(F(1.5), Call("convert.str_to_float", S("1.5")));
        Assert.Equal(F(1e3), Call("convert.str_to_float", S("1e3")));
        Assert.Equal(F(double.NegativeInfinity), Call("convert.str_to_float", S("-Inf")));
        Assert.Throws<CatchableException>(() => Call("convert.str_to_float", S("1.5x")));
        Assert.Throws<CatchableException>(() => Call("convert.str_to_float", S(" 1")));
        Assert.Equal(F(3), Call("convert.to_float", I(3)));
        Assert.Equal(I(-3), Call("convert.to_int", F(-3.9)));
        Assert.Throws<CatchableException>(() => Call("convert.to_int", F(double.NaN)));
        Assert.Equal(S("-12"), Call("convert.int_to_str", I(-12)));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("T", true)]
    [InlineData("True", true)]
    [InlineData("f", false)]
    [InlineData("FALSE", false)]
    public void ParseBoolTakesGoSpellings(string text, bool expected) => Assert.Equal(B(expected), Call("convert.parse_bool", S(text)));

    [Fact]
    public void ParseBoolRefusesOthers()
    {
        Assert.Throws<CatchableException>(() => Call("convert.parse_bool", S("yes")));
        Assert.Equal(S("true"), Call("convert.format_bool", B(true)));
    }
}
