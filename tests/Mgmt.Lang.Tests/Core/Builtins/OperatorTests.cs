using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Tests.Core.Support;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Builtins;

public sealed class OperatorTests
{
    private static Value Op(string op, params Value[] operands) => Call("_operator", [S(op), .. operands]);

    [Theory]
    [InlineData("+", 3L, 4L, 7L)]
    [InlineData("-", 3L, 4L, -1L)]
    [InlineData("*", 3L, 4L, 12L)]
    [InlineData("^", 6L, 3L, 5L)]
    public void IntegerArithmetic(string op, long a, long b, long expected) =>
        Assert.Equal(I(expected), Op(op, I(a), I(b)));

    [Fact]
    public void IntegerOverflowWrapsAsInGo() =>
        Assert.Equal(I(long.MinValue), Op("+", I(long.MaxValue), I(1)));

    [Fact]
    public void PlusConcatenatesStringsAndAddsFloats()
    {
        Assert.Equal(S("ab"), Op("+", S("a"), S("b")));
        Assert.Equal(F(3.5), Op("+", F(1.25), F(2.25)));
    }

    [Fact]
    public void IntegerDivisionGivesAFloat()
    {
        var t = TypeOf(Find("_operator"), [DataType.Str, DataType.Int, DataType.Int], [S("/")]);
        Assert.Equal(DataType.Float, t.Result);
        Assert.Equal(F(2.5), Op("/", I(5), I(2)));
        Assert.Equal(F(0.5), Op("/", F(1), F(2)));
    }

    [Fact]
    public void DivisionByZeroIsCatchable()
    {
        Assert.Throws<CatchableException>(() => Op("/", I(42), I(0)));
        Assert.Throws<CatchableException>(() => Op("/", F(42), F(0)));
    }

    [Fact]
    public void ComparisonsAndLogic()
    {
        Assert.Equal(B(true), Op("<", I(1), I(2)));
        Assert.Equal(B(false), Op(">=", F(1), F(2)));
        Assert.Equal(B(false), Op("<", F(double.NaN), F(1)));
        Assert.Equal(B(false), Op(">=", F(double.NaN), F(1)));
        Assert.Equal(B(true), Op("==", L(DataType.Int, I(1), I(2)), L(DataType.Int, I(1), I(2))));
        Assert.Equal(B(true), Op("!=", S("a"), S("b")));
        Assert.Equal(B(false), Op("==", F(double.NaN), F(double.NaN)));
        Assert.Equal(B(true), Op("and", B(true), B(true)));
        Assert.Equal(B(true), Op("or", B(false), B(true)));
        Assert.Equal(B(false), Op("not", B(true)));
        Assert.Equal(F(Math.PI), Op("π"));
    }

    [Fact]
    public void StructsAndMapsCompareStructurally() =>
        Assert.Equal(B(true), Op("==", M(DataType.Str, DataType.Int, (S("a"), I(1))), M(DataType.Str, DataType.Int, (S("a"), I(1)))));

    [Theory]
    [InlineData("+", "bool")]
    [InlineData("-", "str")]
    [InlineData("*", "str")]
    [InlineData("/", "str")]
    [InlineData("<", "str")]
    [InlineData("^", "float")]
    public void RefusesOperandTypes(string op, string type)
    {
        var t = DataType.Parse(type);
        var e = Assert.Throws<TypeCheckException>(() => TypeOf(Find("_operator"), [DataType.Str, t, t], [S(op)]));
        Assert.Contains(op, e.Message);
    }

    [Fact]
    public void MixedOperandTypesDoNotUnify() =>
        Assert.Throws<TypeCheckException>(() => TypeOf(Find("_operator"), [DataType.Str, DataType.Int, DataType.Float], [S("+")]));

    [Fact]
    public void OperatorMustBeAKnownConstant()
    {
        Assert.Throws<TypeCheckException>(() => TypeOf(Find("_operator"), [DataType.Str, DataType.Int, DataType.Int], [null]));
        Assert.Throws<TypeCheckException>(() => TypeOf(Find("_operator"), [DataType.Str, DataType.Int, DataType.Int], [S("%")]));
        Assert.Throws<TypeCheckException>(() => TypeOf(Find("_operator"), [DataType.Str, DataType.Bool], [S("and")]));
    }

    [Fact]
    public void ParametersAreNamedLikeTheReference()
    {
        var t = TypeOf(Find("_operator"), [DataType.Str, DataType.Int, DataType.Int], [S("+")]);
        Assert.Equal(["op", "a", "b"], t.Parameters.Select(p => p.Name));
    }
}
