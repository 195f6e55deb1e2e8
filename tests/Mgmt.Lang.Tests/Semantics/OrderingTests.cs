using Mgmt.Lang.Diagnostics;
using static Mgmt.Lang.Tests.Semantics.SemanticsHarness;

namespace Mgmt.Lang.Tests.Semantics;

/// <summary>Definitions in any order, one definition per name and block, and no recursion.</summary>
public sealed class OrderingTests
{
    [Fact]
    public void Definitions_may_be_used_before_they_are_written()
    {
        var p = Check("""
            probe $c {}
            $c = $b + "!"
            $b = f($a)
            func f($x) { $x + "?" }
            $a = "a"
            include k
            class k {
            	probe "in k" {}
            }
            """);
        Assert.Equal("str", TypeOfBind(p, "c"));
    }

    [Theory]
    [InlineData("$x = \"a\"\n$x = \"b\"\n", "/main.mcl:2:1-2:9", "variable `$x`")]
    [InlineData("func f() { 1 }\nfunc f() { 2 }\n", "/main.mcl:2:1-2:15", "function `f`")]
    [InlineData("class c {\n}\ninclude c as i\ninclude c as i\n", "/main.mcl:4:1-4:15", "`i`")]
    [InlineData("import \"fmt\"\nclass c {\n}\ninclude c as fmt\n", "/main.mcl:4:1-4:17", "`fmt`")]
    public void A_name_defined_twice_in_one_block_is_an_error_at_the_second_definition(string code, string position, string named)
    {
        var e = Fails(Phase.SetScope, code);
        Assert.Equal([position], Positions(e));
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void The_same_name_in_different_blocks_is_shadowing_not_a_duplicate()
    {
        Check("$x = \"a\"\nif true {\n\t$x = \"b\"\n\tprobe $x {}\n}\nclass c($x) {\n\t$y = $x\n}\ninclude c(\"c\")\n");
    }

    [Fact]
    public void A_variable_defined_through_itself_is_recursive()
    {
        var e = Fails(Phase.SetScope, "$x = if $x == \"b\" { \"a\" } else { \"b\" }\nprobe $x {}\n");
        Assert.Equal(["/main.mcl:1:9-1:11"], Positions(e));
        Assert.Contains("recursive", e.Message);
    }

    [Fact]
    public void Mutually_dependent_variables_report_both_references()
    {
        var e = Fails(Phase.SetScope, "$a = $b + \"x\"\n$b = $a + \"y\"\nprobe $a {}\n");
        Assert.Equal(["/main.mcl:1:6-1:8", "/main.mcl:2:6-2:8"], Positions(e));
    }

    [Fact]
    public void A_lambda_calling_itself_is_recursive_at_the_first_call()
    {
        var e = Fails(Phase.SetScope, "$f = func($i) {\n\tif $i == 0 { 0 } else { $f($i - 1) + $f(0) }\n}\nprobe \"p\" { count => $f(3), }\n");
        Assert.Equal(["/main.mcl:2:26-2:36"], Positions(e));
    }

    [Fact]
    public void Mutually_recursive_functions_report_each_call_closing_the_loop()
    {
        var e = Fails(Phase.SetScope, "func a($i) { b($i) }\nfunc b($i) { a($i) }\nprobe \"p\" { count => a(1), }\n");
        Assert.Equal(["/main.mcl:1:14-1:19", "/main.mcl:2:14-2:19"], Positions(e));
    }

    [Fact]
    public void A_class_including_itself_is_recursive_even_in_a_branch()
    {
        var e = Fails(Phase.SetScope, "class c($n) {\n\tif $n {\n\t\tinclude c(false)\n\t}\n}\ninclude c(true)\n");
        Assert.Equal(["/main.mcl:3:3-3:19"], Positions(e));
        var mutual = Fails(Phase.SetScope, "class c1 {\n\tinclude c2\n}\nclass c2 {\n\tinclude c1\n}\n");
        Assert.Equal(["/main.mcl:2:2-2:12", "/main.mcl:5:2-5:12"], Positions(mutual));
    }

    [Fact]
    public void A_block_level_bind_shadowing_a_loop_variable_cannot_use_it()
    {
        // Inside the body `$i` is the body's own bind, so defining it through `$i` is a loop.
        var e = Fails(Phase.SetScope, "for $i, $v in [\"a\"] {\n\t$i = $i + 1\n\tprobe $v {}\n}\n");
        Assert.Equal(["/main.mcl:2:7-2:9"], Positions(e));
    }

    [Fact]
    public void A_class_variable_shadowing_a_captured_one_cannot_be_defined_through_it()
    {
        var e = Fails(Phase.SetScope, "$x = \"top\"\nclass c {\n\t$t = $x\n\t$x = $t + \"!\"\n}\ninclude c as i\nprobe $i.x {}\n");
        Assert.Equal(["/main.mcl:3:7-3:9", "/main.mcl:4:7-4:9"], Positions(e));
    }

    [Fact]
    public void Duplicates_are_found_before_loops()
    {
        var e = Fails(Phase.SetScope, "$a = $a\n$b = \"x\"\n$b = \"y\"\n");
        Assert.Contains("twice", e.Message);
    }
}
