using Mgmt.Lang.Semantics;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax.Ast;
using static Mgmt.Lang.Tests.Semantics.SemanticsHarness;

namespace Mgmt.Lang.Tests.Semantics;

/// <summary>Resources, meta parameters, edges and send/recv are typed by the resource kinds.</summary>
public sealed class ResourceTypingTests
{
    [Fact]
    public void Parameter_values_take_the_parameter_types()
    {
        var p = Check("""
            probe "p" {
            	text => "t",
            	count => 1,
            	ratio => 0.5,
            	flag => true,
            	tags => [],
            	weights => {},
            	anything => struct{a => 1},
            }
            """);
        Assert.Equal("[]str", p.TypeOf(Field(p.Main, "tags")).ToString());
        Assert.Equal("map{str: int}", p.TypeOf(Field(p.Main, "weights")).ToString());
        Assert.Equal("struct{a int}", p.TypeOf(Field(p.Main, "anything")).ToString());
    }

    [Fact]
    public void A_wrong_parameter_type_points_at_the_parameter_line()
    {
        var e = Fails(Phase.Unify, "probe \"t1\" {\n\ttext => 42, # int, not str\n}\n");
        Assert.Equal(["/main.mcl:2:2-2:13"], Positions(e));
        Assert.Contains("str", e.Message);
    }

    [Fact]
    public void An_unknown_parameter_is_reported()
    {
        var e = Fails(Phase.Unify, "probe \"p\" {\n\tnope => 1,\n}\n");
        Assert.Equal(["/main.mcl:2:2-2:12"], Positions(e));
        Assert.Contains("text", e.Message); // lists the real parameters
    }

    [Fact]
    public void An_unknown_kind_that_sets_a_parameter_fails_typing_at_the_kind()
    {
        // Its parameters cannot be typed, so the mistake is caught before anything runs, and shown where it was made.
        var e = Fails(Phase.Unify, "notakind \"x\" {\n\tMeta:noop => true,\n\twhatever => 1,\n}\n");
        Assert.Equal(["/main.mcl:1:1-1:9"], Positions(e));
        Assert.Contains("notakind", e.Message);
    }

    [Fact]
    public void An_unknown_kind_with_no_parameters_is_left_for_the_interpreter_and_found_by_the_check()
    {
        var program = Check("notakind \"x\" {}\nclass c() {\n\tgadget \"y\" {\n\t\tMeta:noop => true,\n\t}\n}\ninclude c()\nprobe \"p\" {}\n");
        var found = UnknownKindCheck.Find(program, Kinds);
        Assert.Equal(["/main.mcl:1:1-1:16", "/main.mcl:3:2-5:3"], [.. found.Select(e => $"{e.Span.File}:{e.Span.StartLine}:{e.Span.StartColumn}-{e.Span.EndLine}:{e.Span.EndColumn}")]);
        Assert.All(found, e => Assert.Equal(Phase.Interpret, e.Phase));
        Assert.Contains("gadget", found[1].Message);
    }

    [Fact]
    public void Conditions_must_be_bools()
    {
        Check("probe \"p\" {\n\ttext => true ?: \"t\",\n\tMeta:noop => false ?: true,\n}\n");
        var e = Fails(Phase.Unify, "probe \"p\" {\n\ttext => 1 ?: \"t\",\n}\n");
        Assert.Equal(["/main.mcl:2:2-2:19"], Positions(e));
    }

    [Fact]
    public void Meta_parameters_have_their_types()
    {
        Check("probe \"p\" {\n\tMeta:retry => -1,\n\tMeta:sema => [\"lock:1\"],\n\tMeta:limit => 0.5,\n}\n");
        Fails(Phase.Unify, "probe \"p\" {\n\tMeta:noop => \"yes\",\n}\n");
        Fails(Phase.Unify, "probe \"p\" {\n\tMeta => struct{noop => true},\n}\n"); // all fields are needed
        Check("""
            probe "p" {
            	Meta => true ?: struct{
            		noop => false,
            		retry => -1,
            		retryreset => false,
            		delay => 0,
            		timeout => 0,
            		poll => 0,
            		limit => 4.2,
            		burst => 3,
            		reset => false,
            		sema => ["x"],
            		rewatch => false,
            		realize => true,
            		dollar => false,
            		hidden => false,
            		export => [],
            		reverse => true,
            		autoedge => true,
            		autogroup => false,
            	},
            }
            """);
    }

    [Fact]
    public void Names_are_strings_or_lists_of_strings()
    {
        var p = Check("$n = [\"a\", \"b\"]\nprobe $n {}\nprobe \"x\" {}\nprobe [\"y\"] {}\n$f = func() { \"z\" }\nprobe $f() {}\n");
        Assert.Equal("[]str", TypeOfBind(p, "n"));
        var e = Fails(Phase.Unify, "probe 42 {}\n");
        Assert.Equal(["/main.mcl:1:1-1:12"], Positions(e));
    }

    [Fact]
    public void An_interpolated_name_is_a_str_even_when_it_is_only_a_variable()
    {
        var e = Fails(Phase.Unify, "$name = [\"a\", \"bb\"]\nprobe \"${name}\" {}\n");
        Assert.Equal(["/main.mcl:2:1-2:19"], Positions(e));
        var edge = Fails(Phase.Unify, "$name = [\"a\"]\nprobe $name {}\nprobe \"t\" {}\nProbe[\"${name}\"] -> Probe[\"t\"]\n");
        Assert.Equal(["/main.mcl:4:1-4:17"], Positions(edge));
    }

    [Fact]
    public void An_undecided_name_becomes_a_list_of_strings()
    {
        var p = Check("$n = []\nprobe $n {}\n");
        Assert.Equal("[]str", TypeOfBind(p, "n"));
    }

    [Fact]
    public void Edges_need_two_halves_and_string_names()
    {
        Check("probe \"a\" {}\nprobe [\"b\", \"c\"] {}\nProbe[\"a\"] -> Probe[[\"b\", \"c\"]] -> Sink[\"d\"]\n");
        Assert.Equal(["/main.mcl:2:1-2:11"], Positions(Fails(Phase.Unify, "probe \"a\" {}\nProbe[\"a\"]\n")));
        Fails(Phase.Unify, "Probe[1] -> Probe[\"a\"]\n");
        Check("probe \"a\" {\n\tBefore => Sink[\"s\"],\n\tDepend => true ?: Probe[[\"x\"]],\n}\n");
    }

    [Fact]
    public void Send_and_receive_keys_must_exist_and_agree()
    {
        Check("probe \"a\" {}\nprobe \"b\" {}\nProbe[\"a\"].out -> Probe[\"b\"].text\nProbe[\"a\"].number -> Probe[\"b\"].count\n");
        Check("probe \"a\" {}\nprobe \"b\" {}\nProbe[\"a\"].out -> Probe[\"b\"].anything\n");
        Assert.Contains("cannot send from", Fails(Phase.Unify, "sink \"a\" {}\nprobe \"b\" {}\nSink[\"a\"].msg -> Probe[\"b\"].text\n").Message);
        Assert.Contains("cannot receive", Fails(Phase.Unify, "probe \"a\" {}\nsink \"b\" {}\nProbe[\"a\"].out -> Sink[\"b\"].msg\n").Message);
        Assert.Contains("`nope`", Fails(Phase.Unify, "probe \"a\" {}\nprobe \"b\" {}\nProbe[\"a\"].nope -> Probe[\"b\"].text\n").Message);
        var mismatch = Fails(Phase.Unify, "probe \"a\" {}\nprobe \"b\" {}\nProbe[\"a\"].number -> Probe[\"b\"].text\n");
        Assert.Equal(["/main.mcl:3:1-3:37"], Positions(mismatch));
    }

    [Fact]
    public void Loops_go_over_lists_and_maps()
    {
        var p = Check("for $i, $v in [1.5] {\n\tprobe \"p\" { count => $i, ratio => $v, }\n}\nforkv $k, $v in {\"a\" => true} {\n\tprobe $k { flag => $v, }\n}\n");
        var loop = Find<ForStmt>(p.Main);
        Assert.Equal("float", p.TypeOf(Find<VarExpr>(loop.Body, v => v.Name == "v")).ToString());
        Assert.Equal(["/main.mcl:1:1-2:2"], Positions(Fails(Phase.Unify, "for $i, $v in {1 => 2} {\n}\n")));
        Fails(Phase.Unify, "forkv $k, $v in [1] {\n}\n");
        Fails(Phase.Unify, "if 1 {\n}\n");
    }

    [Fact]
    public void Panic_statements_take_a_bool_or_a_str()
    {
        Check("panic(false)\npanic(\"\")\n");
        Fails(Phase.Unify, "panic(1)\n");
    }
}
