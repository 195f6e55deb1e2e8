using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Packages;

public sealed class StringsTests
{
    [Fact]
    public void Predicates()
    {
        Assert.Equal(B(true), Call("strings.contains", S("hello"), S("ell")));
        Assert.Equal(B(true), Call("strings.has_prefix", S("hello"), S("he")));
        Assert.Equal(B(false), Call("strings.has_suffix", S("hello"), S("he")));
    }

    [Fact]
    public void SplitJoinAndReplace()
    {
        Assert.Equal(Value.StrList(["a", "b", ""]), Call("strings.split", S("a,b,"), S(",")));
        Assert.Equal(Value.StrList(["a", "é"]), Call("strings.split", S("aé"), S("")));
        Assert.Equal(S("a-c"), Call("strings.join_nonempty", Value.StrList(["a", "", "c"]), S("-")));
        Assert.Equal(S("xbxc"), Call("strings.replace_all", S("abac"), S("a"), S("x")));
        Assert.Equal(S("-a-b-"), Call("strings.replace_all", S("ab"), S(""), S("-")));
    }

    [Fact]
    public void CaseAndSpace()
    {
        Assert.Equal(S("ABC"), Call("strings.to_upper", S("abc")));
        Assert.Equal(S("abc"), Call("strings.to_lower", S("ABC")));
        Assert.Equal(S("x y"), Call("strings.trim_space", S(" \t x y\n")));
    }

    [Fact]
    public void PaddingMayOvershootLikeTheReference()
    {
        Assert.Equal(S("00042"), Call("strings.left_pad", S("42"), S("0"), I(5)));
        Assert.Equal(S("42.."), Call("strings.right_pad", S("42"), S("."), I(4)));
        Assert.Equal(S("ababx"), Call("strings.left_pad", S("x"), S("ab"), I(4)));
        Assert.Equal(S("x"), Call("strings.left_pad", S("x"), S(""), I(4)));
    }

    [Fact]
    public void SubstrCountsBytesAndCatchesBadBounds()
    {
        Assert.Equal(S("ell"), Call("strings.substr", S("hello"), I(1), I(4)));
        Assert.Equal(S("é"), Call("strings.substr", S("aéb"), I(1), I(3)));
        Assert.Throws<CatchableException>(() => Call("strings.substr", S("hello"), I(3), I(9)));
        Assert.Throws<CatchableException>(() => Call("strings.substr", S("hello"), I(3), I(2)));
    }
}
