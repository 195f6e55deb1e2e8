using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Packages;

public sealed class MathAndCollectionsTests
{
    [Fact]
    public void ConformanceFortyTwoFollowsTheUse()
    {
        Assert.Equal(I(42), CallReturning("math.fortytwo", DataType.Int));
        Assert.Equal(F(42), CallReturning("math.fortytwo", DataType.Float));
        Assert.Throws<TypeCheckException>(() => CallReturning("math.fortytwo", DataType.Str));
    }

    [Fact]
    public void ModKeepsTheSignOfTheDividend()
    {
        Assert.Equal(I(1), Call("math.mod", I(7), I(3)));
        Assert.Equal(I(-1), Call("math.mod", I(-7), I(3)));
        Assert.Equal(I(0), Call("math.mod", I(long.MinValue), I(-1)));
        Assert.Equal(F(1.5), Call("math.mod", F(7.5), F(3)));
        Assert.Throws<CatchableException>(() => Call("math.mod", I(1), I(0)));
        Assert.Throws<TypeCheckException>(() => TypeOf(Find("math.mod"), [DataType.Str, DataType.Str]));
    }

    [Fact]
    public void OtherMath()
    {
        Assert.Equal(I(41), Call("math.minus1", I(42)));
        Assert.Equal(F(8), Call("math.pow", F(2), F(3)));
        Assert.Equal(F(3), Call("math.sqrt", F(9)));
        Assert.Throws<CatchableException>(() => Call("math.sqrt", F(-1)));
    }

    public static TheoryData<Value[], string> Ranges() => new()
    {
        // The reference's conformance outputs for iter.range.
        { [I(10)], "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]" },
        { [I(1), I(11)], "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]" },
        { [I(0), I(30), I(5)], "[0, 5, 10, 15, 20, 25]" },
        { [I(0), I(10), I(3)], "[0, 3, 6, 9]" },
        { [I(0), I(-10), I(-1)], "[0, -1, -2, -3, -4, -5, -6, -7, -8, -9]" },
        { [I(0)], "[]" },
        { [I(1), I(0)], "[]" },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public void RangeCountsLikePython(Value[] args, string expected) => Assert.Equal(expected, Call("iter.range", args).ToString());

    [Fact]
    public void RangeRefusesZeroStepAndHugeLists()
    {
        Assert.Throws<CatchableException>(() => Call("iter.range", I(0), I(10), I(0)));
        Assert.Throws<FunctionException>(() => Call("iter.range", I(long.MaxValue)));
        Assert.Throws<TypeCheckException>(() => TypeOf(Find("iter.range"), []));
    }

    [Fact]
    public void FlattenAndConcat()
    {
        var lists = L(DataType.List(DataType.Int), L(DataType.Int, I(1), I(2)), L(DataType.Int, I(3)), L(DataType.Int));
        Assert.Equal("[1, 2, 3]", Call("iter.flatten", lists).ToString());
        Assert.Equal("[1, 2, 3]", Call("list.concat", L(DataType.Int, I(1)), L(DataType.Int, I(2), I(3))).ToString());
        Assert.Throws<TypeCheckException>(() => TypeOf(Find("list.concat"), [DataType.List(DataType.Int), DataType.List(DataType.Str)]));
    }

    [Fact]
    public void MapKeysAndValuesAreSortedByKey()
    {
        var m = M(DataType.Str, DataType.Int, (S("b"), I(2)), (S("a"), I(1)));
        Assert.Equal("[\"a\", \"b\"]", Call("map.keys", m).ToString());
        Assert.Equal("[1, 2]", Call("map.values", m).ToString());
        Assert.Equal(DataType.List(DataType.Str), TypeOf(Find("map.keys"), [m.Type]).Result);
    }
}
