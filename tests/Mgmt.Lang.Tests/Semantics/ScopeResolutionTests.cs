using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Semantics;
using Mgmt.Lang.Syntax.Ast;
using static Mgmt.Lang.Tests.Semantics.SemanticsHarness;

namespace Mgmt.Lang.Tests.Semantics;

/// <summary>Name resolution: what each variable, call and include refers to, and the scoping rules.</summary>
public sealed class ScopeResolutionTests
{
    [Fact]
    public void A_variable_refers_to_its_bind_even_when_the_bind_comes_later()
    {
        var p = Check("probe $name {}\n$name = \"hello\"\n");
        var use = Find<VarExpr>(p.Main, v => v.Name == "name");
        var binding = Assert.IsType<ExprBinding>(p.BindingOf(use));
        Assert.Same(Bind(p, "name").Value, binding.Value);
    }

    [Fact]
    public void Built_in_variables_are_constants_and_hostname_is_known_at_run_time()
    {
        var p = Check("probe [$purpleidea, $hostname] {}\n");
        var vars = AstWalker.DescendantsOfType<VarExpr>(p.Main).ToList();
        Assert.Equal(Value.Str("hello world!"), Assert.IsType<ConstantBinding>(p.BindingOf(vars[0])).Value);
        Assert.IsType<HostnameBinding>(p.BindingOf(vars[1]));
        Assert.Equal(Phase.SetScope, Assert.Throws<LangException>(() => Check("probe $nope {}\n")).Phase);
    }

    [Fact]
    public void Registry_globals_are_visible_without_import()
    {
        var functions = Mgmt.Lang.Core.CoreLibrary.Create().AddGlobal("const.res.probe.state.on", Value.Str("on"));
        var p = Check(Tree("probe $const.res.probe.state.on {}\n"), functions: functions);
        var use = Find<VarExpr>(p.Main);
        Assert.Equal(Value.Str("on"), Assert.IsType<ConstantBinding>(p.BindingOf(use)).Value);
    }

    [Fact]
    public void Inner_blocks_shadow_outer_names_and_do_not_leak()
    {
        var p = Check("""
            $x = "outer"
            if true {
            	$x = "inner"
            	probe $x {}
            }
            probe $x {}
            """);
        var uses = AstWalker.DescendantsOfType<ResourceStmt>(p.Main).Select(r => (VarExpr)r.Name).ToList();
        var inner = AstWalker.DescendantsOfType<BindStmt>(p.Main).Single(b => b.Value is StrExpr { Value: "inner" });
        Assert.Same(inner.Value, ((ExprBinding)p.BindingOf(uses[0])).Value);
        Assert.Same(Bind(p, "x").Value, ((ExprBinding)p.BindingOf(uses[1])).Value);

        var e = Fails(Phase.SetScope, "if true {\n\t$y = \"a\"\n}\nprobe $y {}\n");
        Assert.Equal(["/main.mcl:4:7-4:9"], Positions(e));
    }

    [Fact]
    public void Variables_functions_and_classes_have_separate_namespaces()
    {
        var p = Check("""
            $thing = "v"
            func thing() { "f" }
            class thing {
            	probe "c" {}
            }
            include thing
            probe [$thing, thing()] {}
            """);
        Assert.Single(AstWalker.DescendantsOfType<IncludeStmt>(p.Main).Select(p.InstanceOf));
        Assert.IsType<FuncStmtCall>(p.TargetOf(Find<CallExpr>(p.Main, c => c.Name == "thing")));
    }

    [Fact]
    public void Function_parameters_shadow_outer_variables()
    {
        var p = Check("$foo = \"outer\"\nfunc bar($foo) { \"hi \" + $foo }\nprobe [bar(\"x\")] {}\n");
        var call = Find<CallExpr>(p.Main, c => c.Name == "bar");
        var instance = Assert.IsType<FuncStmtCall>(p.TargetOf(call)).Instance;
        var use = Find<VarExpr>(instance.Body);
        var param = Assert.IsType<ParamBinding>(p.BindingOf(use));
        Assert.Same(instance, param.Function);
        Assert.Equal(0, param.Index);
    }

    [Fact]
    public void Lambdas_capture_their_definition_scope()
    {
        var p = Check("""
            $c = 3
            $f = func($x) { $x * $c }
            probe "p" { count => $f(2), }
            """);
        var lambda = (FuncExpr)Bind(p, "f").Value;
        var captured = Find<VarExpr>(lambda.Body, v => v.Name == "c");
        Assert.Same(Bind(p, "c").Value, ((ExprBinding)p.BindingOf(captured)).Value);
        var call = Find<CallExpr>(p.Main, c => c.IsVariable);
        Assert.Same(lambda, ((ExprBinding)Assert.IsType<ValueCall>(p.TargetOf(call)).Callee).Value);
    }

    [Fact]
    public void Functions_see_their_definition_scope_not_the_caller_scope()
    {
        var p = Check("""
            $x = "top"
            func get() { $x }
            if true {
            	$x = "inner"
            	probe [get()] {}
            }
            """);
        var instance = ((FuncStmtCall)p.TargetOf(Find<CallExpr>(p.Main, c => c.Name == "get"))).Instance;
        Assert.Same(Bind(p, "x").Value, ((ExprBinding)p.BindingOf(Find<VarExpr>(instance.Body))).Value);
    }

    [Fact]
    public void Loop_variables_are_visible_only_in_the_loop_body()
    {
        var p = Check("for $i, $v in [\"a\"] {\n\tprobe $v { count => $i, }\n}\n");
        var loop = Find<ForStmt>(p.Main);
        var v = Find<VarExpr>(loop.Body, x => x.Name == "v");
        var i = Find<VarExpr>(loop.Body, x => x.Name == "i");
        Assert.Equal(new LoopBinding(loop, IsKey: false), p.BindingOf(v));
        Assert.Equal(new LoopBinding(loop, IsKey: true), p.BindingOf(i));

        var kv = Check("forkv $k, $v in {\"a\" => 1} {\n\tprobe $k { count => $v, }\n}\n");
        var forkv = Find<ForKVStmt>(kv.Main);
        Assert.Equal(new LoopBinding(forkv, IsKey: true), kv.BindingOf(Find<VarExpr>(forkv.Body, x => x.Name == "k")));

        Fails(Phase.SetScope, "for $i, $v in [\"a\"] {\n}\nprobe $v {}\n");
    }

    [Fact]
    public void Each_include_gets_its_own_copy_of_the_class_body_with_arguments_bound()
    {
        var p = Check("""
            class c($s) {
            	probe $s {}
            }
            include c("one")
            include c("two")
            """);
        var includes = AstWalker.DescendantsOfType<IncludeStmt>(p.Main).ToList();
        var first = p.InstanceOf(includes[0]);
        var second = p.InstanceOf(includes[1]);
        Assert.NotSame(first.Body, second.Body);
        Assert.NotSame(p.Main.Statements.OfType<ClassStmt>().Single().Body, first.Body);
        var name = (VarExpr)first.Body.Statements.OfType<ResourceStmt>().Single().Name;
        Assert.Same(includes[0].Args![0], ((ExprBinding)p.BindingOf(name)).Value);
    }

    [Fact]
    public void Class_bodies_see_the_definition_scope()
    {
        var p = Check("""
            $x1 = "bad"
            class foo($x1) {
            	probe $x1 {}
            	probe $x2 {}
            }
            include foo("param")
            $x2 = "top"
            """);
        var body = p.InstanceOf(Find<IncludeStmt>(p.Main)).Body;
        var names = body.Statements.OfType<ResourceStmt>().Select(r => (ExprBinding)p.BindingOf((VarExpr)r.Name)).ToList();
        Assert.Equal("param", ((StrExpr)names[0].Value).Value);
        Assert.Same(Bind(p, "x2").Value, names[1].Value);
    }

    [Fact]
    public void Include_as_exposes_variables_functions_classes_and_captured_names()
    {
        var p = Check("""
            $top = "seen by c1"
            class c1($n) {
            	$x = "x of c1"
            	func f() { $n }
            	$lambda = func() { "l" }
            	class inner {
            		probe "inner" {}
            	}
            }
            include c1(42) as i1
            include i1.inner as deep
            probe [$i1.x, $i1.top, $i1.lambda()] { count => i1.f(), }
            """);
        var includes = AstWalker.DescendantsOfType<IncludeStmt>(p.Main).ToList();
        var instance = p.InstanceOf(includes[0]);
        var x = Find<VarExpr>(p.Main.Statements.OfType<ResourceStmt>().Single(), v => v.Name == "i1.x");
        Assert.Same(instance.Body.Statements.OfType<BindStmt>().Single(b => b.Name == "x").Value, ((ExprBinding)p.BindingOf(x)).Value);
        Assert.Equal("inner", p.InstanceOf(includes[1]).Definition.Name);
        Assert.Equal("int", p.TypeOf(Field(p.Main, "count")).ToString());
    }

    [Fact]
    public void Unknown_names_are_set_scope_errors_at_their_position()
    {
        Assert.Equal(["/main.mcl:1:8-1:10"], Positions(Fails(Phase.SetScope, "probe [$x] {}\n")));
        Assert.Equal(["/main.mcl:1:8-1:14"], Positions(Fails(Phase.SetScope, "probe [nope()] {}\n")));
        Assert.Equal(["/main.mcl:1:8-1:14"], Positions(Fails(Phase.SetScope, "probe [$nf(1)] {}\n")));
        Assert.Equal(["/main.mcl:1:1-1:13"], Positions(Fails(Phase.SetScope, "include nope\n")));
        // A variable written inside a string is reported at the string.
        Assert.Equal(["/main.mcl:1:7-1:16"], Positions(Fails(Phase.SetScope, "probe \"${nope}\" {}\n")));
    }

    [Fact]
    public void A_package_function_without_its_import_says_which_import_is_missing()
    {
        var e = Fails(Phase.SetScope, "probe [fmt.printf(\"x\")] {}\n");
        Assert.Contains("import \"fmt\"", e.Message);
    }

    [Fact]
    public void Include_argument_count_must_match_the_class_parameters()
    {
        var e = Fails(Phase.SetScope, "class c($a) {\n}\ninclude c as i\n");
        Assert.Equal(["/main.mcl:3:1-3:15"], Positions(e));
        Assert.Contains("1 argument", e.Message);
        Fails(Phase.SetScope, "class c {\n}\ninclude c(1)\n");
        Check("class c() {\n}\ninclude c\ninclude c()\n");
    }

    [Fact]
    public void Classes_never_included_are_not_resolved()
    {
        // As in the reference, a class body is only looked at through its includes.
        Check("class unused {\n\tprobe $missing {}\n}\n");
    }

    [Fact]
    public void Colon_named_classes_are_reached_through_their_parent_instance()
    {
        var p = Check("""
            class base($s) {
            	$middle = "m"
            }
            class base:inner($t) {
            	probe [$middle + $t] {}
            }
            include base("b") as b0
            include b0.inner("i")
            """);
        Assert.Equal(2, p.Main.Statements.OfType<IncludeStmt>().Count());
    }
}
