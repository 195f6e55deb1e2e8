using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Semantics;
using Mgmt.Lang.Syntax.Ast;
using static Mgmt.Lang.Tests.Semantics.SemanticsHarness;

namespace Mgmt.Lang.Tests.Semantics;

/// <summary>Type rules of expressions, functions and annotations.</summary>
public sealed class TypeInferenceTests
{
    /// <summary>The type of <c>$v</c> when it is used as a resource name list element (so it is typed).</summary>
    private static string TypeOf(string definitions, string name = "v")
    {
        var p = Check(definitions + $"\nprobe \"p\" {{ anything => ${name}, }}\n");
        return TypeOfBind(p, name);
    }

    [Theory]
    [InlineData("$v = true", "bool")]
    [InlineData("$v = \"s\"", "str")]
    [InlineData("$v = -3", "int")]
    [InlineData("$v = 1.5", "float")]
    [InlineData("$v = [[1], [2, 3]]", "[][]int")]
    [InlineData("$v = {\"a\" => [1.0], \"b\" => []}", "map{str: []float}")]
    [InlineData("$v = struct{a => 1, b => \"x\"}", "struct{a int; b str}")]
    [InlineData("$v = if true { [\"a\"] } else { [] }", "[]str")]
    [InlineData("$v = [1, 2][5] <|> 0", "int")]
    [InlineData("$v = struct{a => 1}->a", "int")]
    [InlineData("$v = {\"k\" => true}[\"k\"]", "bool")]
    [InlineData("$v = \"a\" in [\"a\", \"b\"]", "bool")]
    [InlineData("$v = len({1 => 2})", "int")]
    [InlineData("$v = \"x=${y}\"\n$y = \"1\"", "str")]
    public void Expressions_have_their_types(string definitions, string type) => Assert.Equal(type, TypeOf(definitions));

    [Theory]
    [InlineData("1 + 2", "int")]
    [InlineData("1.5 - 2.0", "float")]
    [InlineData("\"a\" + \"b\"", "str")]
    [InlineData("3 * 4", "int")]
    [InlineData("1 / 2", "float")]
    [InlineData("1 < 2", "bool")]
    [InlineData("2.0 >= 1.0", "bool")]
    [InlineData("[1] == [2]", "bool")]
    [InlineData("\"a\" != \"b\"", "bool")]
    [InlineData("true and not false", "bool")]
    [InlineData("false or true", "bool")]
    public void Operators_have_their_types(string expression, string type) => Assert.Equal(type, TypeOf("$v = " + expression));

    [Theory]
    [InlineData("$v = 1 + 2.0")]
    [InlineData("$v = \"a\" + 1")]
    [InlineData("$v = \"a\" < \"b\"")]
    [InlineData("$v = 1 and true")]
    [InlineData("$v = [1, \"a\"]")]
    [InlineData("$v = if 1 { 2 } else { 3 }")]
    [InlineData("$v = if true { 2 } else { \"3\" }")]
    [InlineData("$v = 1 <|> \"x\"")]
    [InlineData("$v = len(3)")]
    [InlineData("$v = struct{a => 1}->b")]
    [InlineData("$v = \"${y}\"\n$y = 1")]
    public void Type_mistakes_are_unify_errors(string definitions)
    {
        var e = Assert.Throws<LangException>(() => TypeOf(definitions));
        Assert.Equal(Phase.Unify, e.Phase);
        Assert.StartsWith("/main.mcl", e.Span.File);
    }

    [Fact]
    public void An_operator_mismatch_points_at_the_operation_and_names_both_sides()
    {
        var e = Fails(Phase.Unify, "$x = 5\nprobe \"p\" {\n\ttext => \"hello\" + $x + \"!\",\n}\n");
        Assert.Equal(["/main.mcl:3:10-3:22"], Positions(e));
        Assert.Contains("str", e.Message);
        Assert.Contains("int", e.Message);
    }

    [Fact]
    public void Annotations_fix_types()
    {
        Assert.Equal("[]str", TypeOf("$v []str = []"));
        Assert.Equal("map{str: int}", TypeOf("$v map{str: int} = {}"));
        var e = Fails(Phase.Unify, "$v str = 42\nprobe $v {}\n");
        Assert.Equal(["/main.mcl:1:10-1:12"], Positions(e));
    }

    [Fact]
    public void Typed_parameters_and_results_are_checked()
    {
        Assert.Equal("func(a int) str", TypeOf("$v = func($a int) str { \"x\" }"));
        Fails(Phase.Unify, "$f = func($a int) str { $a }\nprobe [$f(1)] {}\n");
        Fails(Phase.Unify, "func f($a int) { $a }\nprobe \"p\" { count => f(\"x\"), }\n");
    }

    [Fact]
    public void Named_functions_are_polymorphic_per_call()
    {
        var p = Check("func double($x) { $x + $x }\nprobe [double(\"a\")] { count => double(2), ratio => double(1.5), }\n");
        var types = AstWalker.DescendantsOfType<CallExpr>(p.Main).Where(c => c.Name == "double")
            .Select(c => p.TypeOf(((FuncStmtCall)p.TargetOf(c)).Instance).ToString()).ToList();
        Assert.Equal(["func(x str) str", "func(x int) int", "func(x float) float"], types);
    }

    [Fact]
    public void Classes_are_polymorphic_per_include()
    {
        var p = Check("""
            class show($fmt, $x) {
            	probe [$fmt($x + $x)] {}
            }
            include show(func($n) { "int" }, 21)
            include show(func($s) { $s }, "ab")
            """);
        var includes = p.Main.Statements.OfType<IncludeStmt>().ToList();
        Assert.Equal("func(n int) str", p.TypeOf(includes[0].Args![0]).ToString());
        Assert.Equal("func(s str) str", p.TypeOf(includes[1].Args![0]).ToString());
    }

    [Fact]
    public void A_class_parameter_type_is_checked_at_each_include()
    {
        var e = Fails(Phase.Unify, "class c($a []str) {\n\tprobe $a {}\n}\ninclude c([\"ok\"])\ninclude c(\"bad\")\n");
        Assert.Equal(["/main.mcl:5:1-5:17"], Positions(e));
    }

    [Fact]
    public void A_bound_lambda_has_one_type_for_all_uses()
    {
        var e = Fails(Phase.Unify, "$id = func($x) { $x }\nprobe \"a\" { count => $id(42), }\nprobe \"b\" { text => $id(\"s\"), }\n");
        Assert.Equal(["/main.mcl:1:7-1:22"], Positions(e));
    }

    [Fact]
    public void A_function_parameter_used_at_two_types_is_blamed_at_the_parameter()
    {
        var e = Fails(Phase.Unify, """
            import "fmt"
            $use = func($id) {
            	fmt.printf("%d %s", $id(42), $id("hello"))
            }
            probe [$use(func($x) { $x })] {}
            """);
        Assert.Equal(["/main.mcl:2:13-2:16"], Positions(e));
    }

    [Fact]
    public void A_loop_variable_used_at_two_types_is_blamed_at_its_declaration()
    {
        var e = Fails(Phase.Unify, "$fns = {\"a\" => func($x) { $x }}\nforkv $k, $f in $fns {\n\tprobe $k { count => $f(1), text => $f(\"a\"), }\n}\n");
        Assert.Equal(["/main.mcl:2:11-2:13"], Positions(e));
    }

    [Fact]
    public void Calling_a_lambda_with_the_wrong_number_of_arguments_is_blamed_at_the_lambda()
    {
        var e = Fails(Phase.Unify, "$f = func($a, $b) { $a }\n$x = $f(1)\nprobe \"p\" { count => $x, }\n");
        Assert.Equal(["/main.mcl:1:6-1:25"], Positions(e));
        Assert.Contains("2 arguments", e.Message);
    }

    [Fact]
    public void Self_application_has_no_type()
    {
        var e = Fails(Phase.Unify, "$y = func($fn) {\n\t$fn($fn)\n}(\n\tfunc($fn) {\n\t\t$fn($fn)\n\t},\n)\nprobe [$y] {}\n");
        Assert.Equal(["/main.mcl:4:7-4:10"], Positions(e));
    }

    [Fact]
    public void Ambiguous_values_ask_for_an_annotation()
    {
        var e = Fails(Phase.Unify, "$v = []\nprobe \"p\" { count => len($v), }\n");
        Assert.Equal(["/main.mcl:1:6-1:8"], Positions(e));
        Assert.Contains("annotation", e.Message);
    }

    [Fact]
    public void Unused_definitions_are_not_typed()
    {
        var p = Check("$unused = []\nfunc never($x) { $x + 1 }\n$lambda = func($y) { $y }\nprobe \"p\" {}\n");
        Assert.False(p.TryTypeOf(Bind(p, "unused").Value, out _));
    }

    [Fact]
    public void Built_in_calls_carry_their_resolved_type_and_static_arguments()
    {
        var p = Check("import \"fmt\"\n$f = \"%s-%d\"\nprobe [fmt.printf($f, \"a\", 1)] {}\n");
        var call = Find<CallExpr>(p.Main, c => c.Name == "fmt.printf");
        var builtin = Assert.IsType<BuiltinCall>(p.TargetOf(call));
        Assert.Equal("func(format str, a str, b int) str", builtin.Type.ToString());
        Assert.Equal(Value.Str("%s-%d"), builtin.Site.StaticArg(0));
        Assert.Equal(Value.Int(1), builtin.Site.StaticArg(2));
        Assert.Null(builtin.Site.StaticArg(5));
    }

    [Fact]
    public void Built_in_inference_errors_point_at_the_call()
    {
        Assert.Equal(["/main.mcl:2:8-2:20"], Positions(Fails(Phase.Unify, "import \"fmt\"\nprobe [fmt.printf()] {}\n")));
        Assert.Equal(["/main.mcl:2:8-2:36"], Positions(Fails(Phase.Unify, "import \"fmt\"\nprobe [fmt.printf(\"%d\", \"abcdefgh\")] {}\n")));
        Assert.Equal(["/main.mcl:1:8-1:17"], Positions(Fails(Phase.Unify, "probe [len(1, 2)] {}\n")));
    }

    [Fact]
    public void Struct_field_lookups_are_checked_against_the_struct()
    {
        var e = Fails(Phase.Unify, "$st = struct{a => 42}\n$name = $st->missing + \"x\"\nprobe $name {}\n");
        Assert.Equal(["/main.mcl:2:9-2:21"], Positions(e));
        Assert.Equal("int", TypeOf("$v = $st->b <|> 7\n$st = struct{a => 1}"));
    }

    [Fact]
    public void Interpolated_values_must_be_strings()
    {
        var e = Fails(Phase.Unify, "$b = true\nprobe \"p\" {\n\ttext => \"flag: ${b}\\n\",\n}\n");
        Assert.Equal(["/main.mcl:3:10-3:24"], Positions(e));
    }
}
