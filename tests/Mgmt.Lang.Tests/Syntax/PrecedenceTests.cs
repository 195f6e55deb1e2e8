using Mgmt.Lang.Diagnostics;

namespace Mgmt.Lang.Tests.Syntax;

public sealed class PrecedenceTests
{
    [Theory]
    [InlineData("1 + 2 * 3", "_operator(\"+\", 1, _operator(\"*\", 2, 3))")]
    [InlineData("1 * 2 + 3", "_operator(\"+\", _operator(\"*\", 1, 2), 3)")]
    [InlineData("1 - 2 - 3", "_operator(\"-\", _operator(\"-\", 1, 2), 3)")]
    [InlineData("8 / 4 / 2", "_operator(\"/\", _operator(\"/\", 8, 4), 2)")]
    [InlineData("$a + $b == $c", "_operator(\"==\", _operator(\"+\", $a, $b), $c)")]
    [InlineData("$a == $b and $c", "_operator(\"and\", _operator(\"==\", $a, $b), $c)")]
    [InlineData("$a or $b and $c", "_operator(\"or\", $a, _operator(\"and\", $b, $c))")]
    [InlineData("$a and $b or $c", "_operator(\"or\", _operator(\"and\", $a, $b), $c)")]
    [InlineData("$a or $b or $c", "_operator(\"or\", _operator(\"or\", $a, $b), $c)")]
    [InlineData("$a in $l and $b", "_operator(\"and\", contains($a, $l), $b)")]
    [InlineData("$a + 1 in $l", "contains(_operator(\"+\", $a, 1), $l)")]
    public void Binary_operators_follow_the_precedence_table(string source, string shape)
    {
        Assert.Equal(shape, Mcl.Shape(source));
    }

    [Theory]
    [InlineData("not $a and $b", "_operator(\"and\", _operator(\"not\", $a), $b)")]
    [InlineData("not $a == $b", "_operator(\"==\", _operator(\"not\", $a), $b)")]
    [InlineData("not not $a", "_operator(\"not\", _operator(\"not\", $a))")]
    [InlineData("not $s->ok", "_operator(\"not\", _struct_lookup($s, \"ok\"))")]
    [InlineData("not $l[0]", "_operator(\"not\", _lookup($l, 0))")]
    public void Not_binds_tighter_than_binary_operators_but_looser_than_lookups(string source, string shape)
    {
        Assert.Equal(shape, Mcl.Shape(source));
    }

    [Theory]
    [InlineData("$l[0][1]", "_lookup(_lookup($l, 0), 1)")]
    [InlineData("$s->a->b", "_struct_lookup(_struct_lookup($s, \"a\"), \"b\")")]
    [InlineData("$s->l[2]", "_lookup(_struct_lookup($s, \"l\"), 2)")]
    [InlineData("$a + $s->x", "_operator(\"+\", $a, _struct_lookup($s, \"x\"))")]
    [InlineData("f(1)[0]", "_lookup(f(1), 0)")]
    public void Postfix_lookups_bind_tightest(string source, string shape)
    {
        Assert.Equal(shape, Mcl.Shape(source));
    }

    [Theory]
    [InlineData("$a <|> $b <|> $c", "except(except($a, $b), $c)")]
    [InlineData("$a + 1 <|> 2", "except(_operator(\"+\", $a, 1), 2)")]
    [InlineData("$a <|> $b or $c", "except($a, _operator(\"or\", $b, $c))")]
    [InlineData("$x / 0 <|> 0.0", "except(_operator(\"/\", $x, 0), 0)")]
    public void Except_is_the_loosest_and_left_associative(string source, string shape)
    {
        Assert.Equal(shape, Mcl.Shape(source));
    }

    [Theory]
    [InlineData("$s->f <|> \"a\" + \"b\"", "_struct_lookup_optional($s, \"f\", _operator(\"+\", t\"a\", t\"b\"))")]
    [InlineData("$n + $s->f <|> 1", "_operator(\"+\", $n, _struct_lookup_optional($s, \"f\", 1))")]
    [InlineData("$s->f <|> 1 <|> 2", "except(_struct_lookup_optional($s, \"f\", 1), 2)")]
    public void A_field_lookup_followed_by_except_is_an_optional_lookup(string source, string shape)
    {
        Assert.Equal(shape, Mcl.Shape(source));
    }

    [Theory]
    [InlineData("$x = 1 < 2 < 3\n", "1:12-1:13")]
    [InlineData("$x = $a == $b != $c\n", "1:15-1:16")]
    [InlineData("$x = $a in $b == true\n", "1:15-1:16")]
    public void Comparisons_cannot_be_chained(string text, string position)
    {
        var error = Mcl.FailsAt(text, Phase.LexParse, position);
        Assert.Contains("chained", error.Message, StringComparison.Ordinal);
    }
}
