using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Tests.Core.Support;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Builtins;

public sealed class BuiltinsTests
{
    [Fact]
    public void LenCountsBytesElementsAndEntries()
    {
        Assert.Equal(I(5), Call("len", S("hello")));
        Assert.Equal(I(2), Call("len", S("é")));
        Assert.Equal(I(3), Call("len", L(DataType.Int, I(1), I(2), I(3))));
        Assert.Equal(I(1), Call("len", M(DataType.Str, DataType.Int, (S("a"), I(1)))));
    }

    [Fact]
    public void LenRefusesScalars()
    {
        var e = Assert.Throws<TypeCheckException>(() => TypeOf(Find("len"), [DataType.Int]));
        Assert.Contains("len", e.Message);
    }

    [Fact]
    public void ConcatJoinsAnyNumberOfStrings()
    {
        Assert.Equal(S("ab"), Call("concat", S("a"), S("b")));
        Assert.Equal(S("abc"), Call("concat", S("a"), S("b"), S("c")));
        Assert.Throws<TypeCheckException>(() => TypeOf(Find("concat"), [DataType.Str, DataType.Int]));
    }

    [Fact]
    public void ContainsFindsEqualValues()
    {
        Assert.Equal(B(true), Call("contains", I(2), L(DataType.Int, I(1), I(2))));
        Assert.Equal(B(false), Call("contains", S("x"), L(DataType.Str, S("a"))));
        Assert.Throws<TypeCheckException>(() => TypeOf(Find("contains"), [DataType.Int, DataType.List(DataType.Str)]));
    }

    [Fact]
    public void Random1GivesStringsOfTheLength()
    {
        var a = Call("random1", I(16)).AsStr();
        Assert.Equal(16, a.Length);
        Assert.All(a, c => Assert.True(char.IsAsciiLetterOrDigit(c)));
        Assert.Throws<FunctionException>(() => Call("random1", I(-1)));
        Assert.False(Find("random1").IsPure);
    }

    [Fact]
    public void PanicStopsOnTrueOrNonEmptyString()
    {
        Assert.Equal(B(false), Call("panic", B(false)));
        Assert.Equal(B(false), Call("panic", S("")));
        Assert.Throws<FunctionException>(() => Call("panic", B(true)));
        var e = Assert.Throws<FunctionException>(() => Call("panic", S("please panic")));
        Assert.Contains("please panic", e.Message);
        Assert.Throws<TypeCheckException>(() => TypeOf(Find("panic"), [DataType.Int]));
        Assert.Throws<FunctionException>(() => Call("panic_debug", B(true), S("why")));
        Assert.Equal(B(false), Call("panic_debug", B(false), S("why")));
    }

    [Fact]
    public void LookupOfAListTakesAnIntIndex()
    {
        var list = L(DataType.Str, S("a"), S("b"));
        var t = TypeOf(Find("_lookup"), [list.Type, DataType.Int]);
        Assert.Equal(DataType.Str, t.Result);
        Assert.Equal(S("b"), Call("_lookup", list, I(1)));
        var e = Assert.Throws<CatchableException>(() => Call("_lookup", list, I(42)));
        Assert.Contains("42", e.Message);
        Assert.Throws<CatchableException>(() => Call("_lookup", list, I(-1)));
        Assert.Throws<TypeCheckException>(() => TypeOf(Find("_lookup"), [list.Type, DataType.Str]));
    }

    [Fact]
    public void LookupOfAMapTakesItsKeyType()
    {
        var map = M(DataType.Int, DataType.Str, (I(42), S("hello1")));
        Assert.Equal(DataType.Str, TypeOf(Find("_lookup"), [map.Type, DataType.Int]).Result);
        Assert.Equal(S("hello1"), Call("_lookup", map, I(42)));
        Assert.Throws<CatchableException>(() => Call("_lookup", map, I(13)));
        Assert.Throws<TypeCheckException>(() => TypeOf(Find("_lookup"), [map.Type, DataType.Str]));
        Assert.Throws<TypeCheckException>(() => TypeOf(Find("_lookup"), [DataType.Int, DataType.Int]));
    }

    [Fact]
    public void NamedLookupsTakeTwoArguments()
    {
        Assert.Equal(S("c"), Call("list.lookup", L(DataType.Str, S("a"), S("b"), S("c")), I(2)));
        Assert.Throws<CatchableException>(() => Call("list.lookup", L(DataType.Str, S("a")), I(4)));
        Assert.Throws<CatchableException>(() => Call("map.lookup", M(DataType.Int, DataType.Str, (I(42), S("x"))), I(13)));
        Assert.Throws<TypeCheckException>(() => TypeOf(Find("map.lookup"), [DataType.Map(DataType.Str, DataType.Str), DataType.Str, DataType.Str]));
        Assert.Equal(S("x"), Call("map_lookup", M(DataType.Int, DataType.Str, (I(42), S("x"))), I(42)));
        Assert.Equal(S("a"), Call("list_lookup", L(DataType.Str, S("a")), I(0)));
    }

    [Fact]
    public void StructLookupTypesTheField()
    {
        var st = St(("num", I(42)), ("name", S("x")));
        var t = TypeOf(Find("_struct_lookup"), [st.Type, DataType.Str], [null, S("name")]);
        Assert.Equal(DataType.Str, t.Result);
        Assert.Equal(I(42), Call("_struct_lookup", st, S("num")));
        var e = Assert.Throws<TypeCheckException>(() => TypeOf(Find("_struct_lookup"), [st.Type, DataType.Str], [null, S("x1")]));
        Assert.Contains("x1", e.Message);
        Assert.Throws<TypeCheckException>(() => TypeOf(Find("_struct_lookup"), [DataType.Int, DataType.Str], [null, S("x1")]));
        Assert.Throws<TypeCheckException>(() => TypeOf(Find("_struct_lookup"), [st.Type, DataType.Str], [null, null]));
    }

    [Fact]
    public void StructLookupFieldTypeMustMatchTheUse()
    {
        var load = new StructType([new StructField("x1", DataType.Float)]);
        Assert.Throws<TypeCheckException>(() => TypeOf(Find("_struct_lookup"), [load, DataType.Str], [null, S("x1")], DataType.Bool));
    }

    [Fact]
    public void OptionalStructLookupFallsBackToTheDefault()
    {
        var st = St(("port", I(80)));
        Assert.Equal(I(80), Call("_struct_lookup_optional", st, S("port"), I(0)));
        Assert.Equal(S("d"), Call("_struct_lookup_optional", st, S("host"), S("d")));
        Assert.Throws<TypeCheckException>(() => TypeOf(Find("_struct_lookup_optional"), [st.Type, DataType.Str, DataType.Str], [null, S("port")]));
    }
}
