using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Tests.Syntax;

public sealed class StatementParserTests
{
    [Theory]
    [InlineData("$x = 1\n", "$x = 1")]
    [InlineData("$x int = 1\n", "$x int = 1")]
    [InlineData("$x map{str: []int} = {}\n", "$x map{str: []int} = {}")]
    [InlineData("$map = 1\n", "$map = 1")]
    public void Binds(string source, string shape)
    {
        Assert.Equal(shape, Mcl.ProgramShape(source));
    }

    [Fact]
    public void Resources_with_every_kind_of_entry()
    {
        const string source = """
            file "/tmp/x" {
            	content => "hi",
            	mode => $secure ?: "0600",
            	Before => Pkg["p"],
            	Depend => $c ?: Svc["s"],
            	Meta:noop => true,
            	Meta:retry => $b ?: 3,
            	Meta => struct{poll => 5},
            	Meta => $c ?: struct{sema => ["a"]},
            }

            """;
        Assert.Equal(
            "file t\"/tmp/x\" {content => t\"hi\", mode => $secure ?: t\"0600\", before => pkg[t\"p\"], depend => $c ?: svc[t\"s\"], " +
            "meta:noop => true, meta:retry => $b ?: 3, meta:meta => struct{poll: 5}, meta:meta => $c ?: struct{sema: [t\"a\"]}}",
            Mcl.ProgramShape(source));
    }

    [Theory]
    [InlineData("test \"t\" {}\n", "test t\"t\" {}")]
    [InlineData("test [\"a\", \"b\"] {}\n", "test [t\"a\", t\"b\"] {}")]
    [InlineData("test $names {}\n", "test $names {}")]
    [InlineData("test fmt.printf(\"%d\", 1) {}\n", "test fmt.printf(t\"%d\", 1) {}")]
    [InlineData("http:server:flag \"f\" {}\n", "http:server:flag t\"f\" {}")]
    [InlineData("test \"t\" { a => 1, b => 2, }\n", "test t\"t\" {a => 1, b => 2}")]
    [InlineData("collect file \"/tmp/x\" {}\n", "collect file t\"/tmp/x\" {}")]
    public void Resource_names_and_kinds(string source, string shape)
    {
        Assert.Equal(shape, Mcl.ProgramShape(source));
    }

    [Theory]
    [InlineData("Test[\"a\"] -> Test[\"b\"]\n", "test[t\"a\"] -> test[t\"b\"]")]
    [InlineData("Test[\"a\"] -> File[$f] -> Exec[[\"x\", \"y\"]]\n", "test[t\"a\"] -> file[$f] -> exec[[t\"x\", t\"y\"]]")]
    [InlineData("Test[\"a\"].hello -> Print[\"b\"].msg\n", "test[t\"a\"].hello -> print[t\"b\"].msg")]
    [InlineData("Http:Server:Flag[\"f\"] -> Test[\"b\"]\n", "http:server:flag[t\"f\"] -> test[t\"b\"]")]
    [InlineData("Test[\"a\"]\n", "test[t\"a\"]")]
    public void Edges(string source, string shape)
    {
        Assert.Equal(shape, Mcl.ProgramShape(source));
    }

    [Fact]
    public void A_send_recv_edge_is_marked()
    {
        var edge = Assert.IsType<EdgeStmt>(Mcl.Parse("Test[\"a\"].hello -> Print[\"b\"].msg\n").Statements[0]);
        Assert.True(edge.IsSendRecv);
        Assert.False(Assert.IsType<EdgeStmt>(Mcl.Parse("Test[\"a\"] -> Print[\"b\"]\n").Statements[0]).IsSendRecv);
    }

    [Theory]
    [InlineData("Test[\"a\"].hello -> Print[\"b\"]\n", "1:30-1:31")] // both ends need a key
    [InlineData("Test[\"a\"] -> Print[\"b\"].msg\n", "1:24-1:25")]   // a plain chain has no keys
    [InlineData("Test[\"a\"].x -> B[\"b\"].y -> C[\"c\"].z\n", "1:25-1:26")] // send/recv is one pair
    [InlineData("Test[\"a\"] -> test[\"b\"]\n", "1:14-1:15")]   // kinds are capitalized in edges
    public void Edge_errors(string text, string position)
    {
        Mcl.FailsAt(text, Phase.LexParse, position);
    }

    [Theory]
    [InlineData("if $c {\n\ttest \"a\" {}\n}\n", "if $c {test t\"a\" {}}")]
    [InlineData("if $c {\n} else {\n\ttest \"b\" {}\n}\n", "if $c {} else {test t\"b\" {}}")]
    [InlineData("for $i, $v in $l {\n\ttest $v {}\n}\n", "for $i, $v in $l {test $v {}}")]
    [InlineData("forkv $k, $v in $m {\n\ttest $k {}\n}\n", "forkv $k, $v in $m {test $k {}}")]
    public void Blocks(string source, string shape)
    {
        Assert.Equal(shape, Mcl.ProgramShape(source));
    }

    [Theory]
    [InlineData("func f() { 1 }\n", "func f() {1}")]
    [InlineData("func add($a int, $b int) int {\n\t$a + $b\n}\n", "func add($a int, $b int) int {_operator(\"+\", $a, $b)}")]
    [InlineData("class c {\n}\n", "class c {}")]
    [InlineData("class c() {}\n", "class c() {}")]
    [InlineData("class c($a, $b str) {\n\t$x = $a\n}\n", "class c($a, $b str) {$x = $a}")]
    [InlineData("class base:inner:deep {}\n", "class base:inner:deep {}")]
    [InlineData("include c\n", "include c")]
    [InlineData("include c(1, \"a\") as x\n", "include c(1, t\"a\") as x")]
    [InlineData("include mod.c as y\n", "include mod.c as y")]
    [InlineData("import \"fmt\"\n", "import \"fmt\"")]
    [InlineData("import \"golang/strings\" as s\n", "import \"golang/strings\" as s")]
    [InlineData("import \"x.mcl\" as *\n", "import \"x.mcl\" as *")]
    public void Declarations(string source, string shape)
    {
        Assert.Equal(shape, Mcl.ProgramShape(source));
    }

    [Fact]
    public void Class_parameters_may_be_absent_or_empty()
    {
        Assert.Null(Assert.IsType<ClassStmt>(Mcl.Parse("class c {}\n").Statements[0]).Params);
        Assert.Empty(Assert.IsType<ClassStmt>(Mcl.Parse("class c() {}\n").Statements[0]).Params!);
    }

    [Fact]
    public void Panic_becomes_an_if_around_a_hidden_resource()
    {
        var program = Mcl.Parse("panic($x != \"ok\")\n");
        Assert.Equal("if panic(_operator(\"!=\", $x, t\"ok\")) {_panic \"panic\" {}}", AstPrinter.Print(program));
        var call = Assert.IsType<CallExpr>(Assert.IsType<IfStmt>(program.Statements[0]).Condition);
        Assert.Equal(CallSugar.Panic, call.Sugar);
    }

    [Fact]
    public void Statements_may_come_in_any_order_and_blank_lines_and_comments_are_fine()
    {
        const string source = """
            # leading comment

            test $name {} # trailing comment


            $name = "n"
            """;
        Assert.Equal("test $name {}; $name = t\"n\"", Mcl.ProgramShape(source));
    }

    [Theory]
    [InlineData("$x = 1 $y = 2\n", "1:8-1:9")]            // one statement per line
    [InlineData("if $c { test \"a\" {} }\n", "1:21-1:22")]  // a statement in a block also ends its line
    [InlineData("$x\n", "1:3-1:4")]
    [InlineData("$x.y = 1\n", "1:3-1:4")]
    [InlineData("test \"a\"\n", "1:9-1:10")]
    [InlineData("test \"a\" {\n\tx => 1\n}\n", "2:8-2:9")]   // entries end with a comma
    [InlineData("test \"a\" {\n\t\"x\" => 1,\n}\n", "2:2-2:3")]
    [InlineData("if $c {\n}\nelse {\n}\n", "3:1-3:2")]       // else goes on the closing brace's line
    [InlineData("if $c {\n} else if $d {\n}\n", "2:8-2:9")] // no else-if
    [InlineData("for $i in $l {\n}\n", "1:8-1:9")]
    [InlineData("func (x) {}\n", "1:6-1:7")]
    [InlineData("include c as *\n", "1:14-1:15")]
    [InlineData("import fmt\n", "1:8-1:9")]
    [InlineData("42\n", "1:1-1:2")]
    [InlineData("test \"a\" {}\n)\n", "2:1-2:2")]
    public void Statement_errors_point_at_the_offending_token(string text, string position)
    {
        Mcl.FailsAt(text, Phase.LexParse, position);
    }

    [Fact]
    public void An_unclosed_block_says_where_it_started()
    {
        var error = Mcl.FailsAt("class c {\n\ttest \"a\" {}\n", Phase.LexParse, "3:1-3:2");
        Assert.Contains("opened at 1:9", error.Message, StringComparison.Ordinal);
        Assert.Contains("end of file", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("test \"a\" {\n\tFoo:bar => 1,\n}\n", "2:2-2:3")]
    [InlineData("test \"a\" {\n\tBefore => 1,\n}\n", "2:2-2:3")]
    public void Capitalized_entries_other_than_meta_and_edges_are_syntax_errors(string text, string position)
    {
        Mcl.FailsAt(text, Phase.LexParse, position);
    }

    [Fact]
    public void The_last_statement_may_end_at_the_end_of_the_file()
    {
        Assert.Equal("$x = 1", Mcl.ProgramShape("$x = 1"));
        Assert.Empty(Mcl.Parse("").Statements);
    }
}
