using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Tests.Syntax;

public sealed class ExpressionParserTests
{
    [Theory]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("42", "42")]
    [InlineData("-13", "-13")]
    [InlineData("3.5", "3.5")]
    [InlineData("\"hi\\n\"", "t\"hi\\\\n\"")]
    [InlineData("$y", "$y")]
    [InlineData("$mod.inner.y", "$mod.inner.y")]
    [InlineData("$map", "$map")]
    public void Literals_and_variables(string source, string shape)
    {
        Assert.Equal(shape, Mcl.Shape(source));
    }

    [Theory]
    [InlineData("[]", "[]")]
    [InlineData("[1, 2, 3]", "[1, 2, 3]")]
    [InlineData("[[1], []]", "[[1], []]")]
    [InlineData("{}", "{}")]
    [InlineData("{\"a\" => 1, \"b\" => 2}", "{t\"a\": 1, t\"b\": 2}")]
    [InlineData("struct{}", "struct{}")]
    [InlineData("struct{a => 1, b => \"x\"}", "struct{a: 1, b: t\"x\"}")]
    public void Containers(string source, string shape)
    {
        Assert.Equal(shape, Mcl.Shape(source));
    }

    [Theory]
    [InlineData("len($l)", "len($l)")]
    [InlineData("fmt.printf(\"%d\", 42)", "fmt.printf(t\"%d\", 42)")]
    [InlineData("golang.strings.trim_space(\"x\")", "golang.strings.trim_space(t\"x\")")]
    [InlineData("iter.map($l, $f)", "iter.map($l, $f)")]
    [InlineData("map.lookup($m, 1)", "map.lookup($m, 1)")]
    [InlineData("f()", "f()")]
    [InlineData("$f(1, 2)", "$f(1, 2)")]
    [InlineData("$inc.f(1)", "$inc.f(1)")]
    [InlineData("func($a) { $a }(7)", "(func($a) {$a})(7)")]
    public void Calls(string source, string shape)
    {
        Assert.Equal(shape, Mcl.Shape(source));
    }

    [Fact]
    public void Call_forms_are_recorded()
    {
        var named = Assert.IsType<CallExpr>(Mcl.ParseExpr("fmt.printf(\"x\")"));
        Assert.Equal(("fmt.printf", false, CallSugar.Call), (named.Name, named.IsVariable, named.Sugar));
        var variable = Assert.IsType<CallExpr>(Mcl.ParseExpr("$f(1)"));
        Assert.Equal(("f", true), (variable.Name, variable.IsVariable));
        var inline = Assert.IsType<CallExpr>(Mcl.ParseExpr("func() { 1 }()"));
        Assert.Equal("", inline.Name);
        Assert.NotNull(inline.Lambda);
    }

    [Theory]
    [InlineData("func() { 1 }", "func() {1}")]
    [InlineData("func($a, $b) { $a + $b }", "func($a, $b) {_operator(\"+\", $a, $b)}")]
    [InlineData("func($a str, $b []int) bool { true }", "func($a str, $b []int) bool {true}")]
    [InlineData("func($x) {\n\t$x\n}", "func($x) {$x}")]
    public void Lambdas(string source, string shape)
    {
        Assert.Equal(shape, Mcl.Shape(source));
    }

    [Fact]
    public void A_fully_typed_lambda_knows_its_type()
    {
        var f = Assert.IsType<FuncExpr>(Mcl.ParseExpr("func($a str, $b int) bool { true }"));
        Assert.Equal("func(a str, b int) bool", f.DeclaredType?.ToString());
        Assert.Null(Assert.IsType<FuncExpr>(Mcl.ParseExpr("func($a, $b int) bool { true }")).DeclaredType);
    }

    [Theory]
    [InlineData("if $c { 1 } else { 2 }", "if($c, 1, 2)")]
    [InlineData("if $c {\n\t1\n} else {\n\t2\n}", "if($c, 1, 2)")]
    [InlineData("if $a == 1 { \"a\" } else { if $b { \"b\" } else { \"c\" } }", "if(_operator(\"==\", $a, 1), t\"a\", if($b, t\"b\", t\"c\"))")]
    public void If_expressions(string source, string shape)
    {
        Assert.Equal(shape, Mcl.Shape(source));
    }

    [Theory]
    [InlineData("$a + $b", "_operator(\"+\", $a, $b)")]
    [InlineData("$a - 1", "_operator(\"-\", $a, 1)")]
    [InlineData("$a * $b", "_operator(\"*\", $a, $b)")]
    [InlineData("$a / $b", "_operator(\"/\", $a, $b)")]
    [InlineData("$a == $b", "_operator(\"==\", $a, $b)")]
    [InlineData("$a != $b", "_operator(\"!=\", $a, $b)")]
    [InlineData("$a < $b", "_operator(\"<\", $a, $b)")]
    [InlineData("$a > $b", "_operator(\">\", $a, $b)")]
    [InlineData("$a <= $b", "_operator(\"<=\", $a, $b)")]
    [InlineData("$a >= $b", "_operator(\">=\", $a, $b)")]
    [InlineData("$a and $b", "_operator(\"and\", $a, $b)")]
    [InlineData("$a or $b", "_operator(\"or\", $a, $b)")]
    [InlineData("not $a", "_operator(\"not\", $a)")]
    [InlineData("$a in $b", "contains($a, $b)")]
    [InlineData("$l[0]", "_lookup($l, 0)")]
    [InlineData("$s->f", "_struct_lookup($s, \"f\")")]
    [InlineData("$s->f <|> \"d\"", "_struct_lookup_optional($s, \"f\", t\"d\")")]
    [InlineData("$m[\"k\"] <|> 99", "except(_lookup($m, t\"k\"), 99)")]
    public void Operators_desugar_like_the_reference(string source, string shape)
    {
        Assert.Equal(shape, Mcl.Shape(source));
    }

    [Fact]
    public void Operator_calls_are_marked_with_their_symbol()
    {
        var call = Assert.IsType<CallExpr>(Mcl.ParseExpr("$a <= $b"));
        Assert.Equal(CallSugar.Operator, call.Sugar);
        Assert.Equal("<=", call.OperatorSymbol);
        Assert.Equal(CallSugar.Index, Assert.IsType<CallExpr>(Mcl.ParseExpr("$a[1]")).Sugar);
        Assert.Equal(CallSugar.In, Assert.IsType<CallExpr>(Mcl.ParseExpr("1 in $a")).Sugar);
        Assert.Null(Assert.IsType<CallExpr>(Mcl.ParseExpr("f(1)")).OperatorSymbol);
    }

    [Fact]
    public void Parentheses_group_and_disappear()
    {
        Assert.Equal("_operator(\"*\", _operator(\"+\", 1, 2), 3)", Mcl.Shape("(1 + 2) * 3"));
        Assert.Equal("$a", Mcl.Shape("(($a))"));
    }

    [Theory]
    [InlineData("$x = foo\n", "1:9-1:10")]         // a bare name must be called
    [InlineData("$x = $f(1)(2)\n", "1:11-1:12")]   // a call result cannot be called again
    [InlineData("$x = -$y\n", "1:6-1:7")]          // there is no unary minus
    [InlineData("$x = if $c { 1 }\n", "1:17-1:18")] // an if expression needs else
    [InlineData("$x = $s->\n", "1:10-1:11")]
    [InlineData("$x = $l[1\n", "1:10-1:11")]
    [InlineData("$x = struct{\"a\" => 1}\n", "1:13-1:14")]
    [InlineData("$x = {1: 2}\n", "1:8-1:9")]
    [InlineData("$x = func { 1 }\n", "1:11-1:12")]
    [InlineData("$x = $\n", "1:7-1:8")]
    public void Expression_errors_point_at_the_offending_token(string text, string position)
    {
        Mcl.FailsAt(text, Mgmt.Lang.Diagnostics.Phase.LexParse, position);
    }
}
