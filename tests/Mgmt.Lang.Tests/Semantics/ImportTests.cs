using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Files;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Semantics;
using Mgmt.Lang.Syntax.Ast;
using static Mgmt.Lang.Tests.Semantics.SemanticsHarness;

namespace Mgmt.Lang.Tests.Semantics;

/// <summary>The import forms: core packages, local files, local and remote modules, aliases and errors.</summary>
public sealed class ImportTests
{
    private static FunctionRegistry Packages() => Mgmt.Lang.Core.CoreLibrary.Create()
        .Add("example/nested-pkg", new SimpleFunction("hello", "func() str", _ => Value.Str("hi")))
        .AddVariable("example/nested-pkg", "answer", Value.Int(42));

    [Fact]
    public void A_core_package_is_reached_by_its_last_path_part()
    {
        var p = Check(Tree("import \"example/nested-pkg\"\nprobe [nested_pkg.hello()] { count => $nested_pkg.answer, }\n"), functions: Packages());
        var call = Find<CallExpr>(p.Main, c => c.Name == "nested_pkg.hello");
        Assert.Equal("hello", Assert.IsType<BuiltinCall>(p.TargetOf(call)).Function.Name);
        Assert.Equal(Value.Int(42), Assert.IsType<ConstantBinding>(p.BindingOf(Find<VarExpr>(p.Main))).Value);
    }

    [Fact]
    public void Import_as_renames_and_as_star_merges()
    {
        Check("import \"fmt\" as f\nprobe [f.printf(\"%d\", 1)] {}\n");
        Check("import \"fmt\" as *\nprobe [printf(\"%d\", 1)] {}\n");
        Fails(Phase.SetScope, "import \"fmt\" as f\nprobe [fmt.printf(\"%d\", 1)] {}\n");
    }

    [Fact]
    public void A_local_file_becomes_a_namespace_of_its_definitions()
    {
        var p = Check("import \"lib/util.mcl\"\ninclude util.c(util.twice(2))\nprobe [$util.greeting] {}\n",
            ("/lib/util.mcl", "$greeting = \"hi\"\nfunc twice($x) { $x * 2 }\nclass c($n) {\n\tprobe \"c\" { count => $n, }\n}\n"));
        var use = Find<VarExpr>(p.Main, v => v.Name == "util.greeting");
        Assert.Equal("str", p.TypeOf(use).ToString());
        Assert.Equal("/lib/util.mcl", ((ExprBinding)p.BindingOf(use)).Value.Span.File);
    }

    [Fact]
    public void A_file_imported_twice_is_compiled_once()
    {
        var p = Check("import \"a.mcl\"\nimport \"b.mcl\"\nprobe [$a.v, $b.v] {}\n",
            ("/a.mcl", "import \"shared.mcl\"\n$v = $shared.x\n"),
            ("/b.mcl", "import \"shared.mcl\"\n$v = $shared.x\n"),
            ("/shared.mcl", "$x = \"shared\"\n"));
        var values = AstWalker.DescendantsOfType<VarExpr>(p.Main)
            .Select(v => ((ExprBinding)p.BindingOf(v)).Value).Cast<VarExpr>()
            .Select(inner => ((ExprBinding)p.BindingOf(inner)).Value).ToList();
        Assert.Same(values[0], values[1]);
    }

    [Fact]
    public void Imported_files_see_their_own_names_not_the_importer()
    {
        var p = Check("$x1 = \"main\"\nimport \"defs.mcl\"\ninclude defs.foo\n",
            ("/defs.mcl", "class foo {\n\tprobe $x1 {}\n}\n$x1 = \"defs\"\n"));
        var body = p.InstanceOf(Find<IncludeStmt>(p.Main)).Body;
        var name = (VarExpr)body.Statements.OfType<ResourceStmt>().Single().Name;
        Assert.Equal("defs", ((StrExpr)((ExprBinding)p.BindingOf(name)).Value).Value);
        Fails(Phase.SetScope, "$x = \"main\"\nimport \"other.mcl\"\nprobe $other.y {}\n", ("/other.mcl", "$y = $x\n"));
    }

    [Fact]
    public void Names_imported_by_an_imported_file_are_nested()
    {
        Check("import \"y.mcl\" as g\nprobe [$g.y, $g.f.x] {}\n", ("/x.mcl", "$x = \"x\"\n"), ("/y.mcl", "import \"x.mcl\" as f\n$y = $f.x + \"y\"\n"));
        var e = Fails(Phase.SetScope, Tree("import \"y.mcl\" as g\nprobe \"${g.x}\" {}\n", ("/x.mcl", "$x = \"x\"\n"), ("/y.mcl", "import \"x.mcl\" as f\n$y = $f.x\n")));
        Assert.Equal(["/main.mcl:2:7-2:15"], Positions(e));
    }

    [Fact]
    public void Imports_inside_a_class_body_are_relative_to_the_class_module()
    {
        Check("import \"sub/second.mcl\"\ninclude second.k\n",
            ("/sub/second.mcl", "class k {\n\timport \"third.mcl\"\n\tprobe $third.name {}\n}\n"),
            ("/sub/third.mcl", "$name = \"third\"\n"));
    }

    [Fact]
    public void Local_modules_and_remote_modules_are_found_by_metadata()
    {
        var files = Tree("", ("/metadata.yaml", "main: \"main/hello.mcl\"\npath: \"path/\"\n"));
        files.Add("/main/hello.mcl", """
            import "mod1/"
            import "git://github.com/someone/mgmt-example1/"
            probe [$mod1.name, $example1.name] {}
            """);
        files.Add("/main/mod1/metadata.yaml", "# defaults\n");
        files.Add("/main/mod1/main.mcl", "$name = \"mod1\"\n");
        files.Add("/path/github.com/someone/mgmt-example1/metadata.yaml", "main: main.mcl\npath: \"path/\"\n");
        files.Add("/path/github.com/someone/mgmt-example1/main.mcl",
            "import \"git://github.com/someone/mgmt-example2/\"\n$name = \"ex1 with \" + $example2.name\n");
        // Not in example1's own path/: found in the importer's module directory.
        files.Add("/path/github.com/someone/mgmt-example2/metadata.yaml", "");
        files.Add("/path/github.com/someone/mgmt-example2/main.mcl", "$name = \"ex2\"\n");
        var p = Check(files);
        Assert.Equal("/main/hello.mcl", p.EntryFile);
    }

    [Fact]
    public void Parent_path_block_stops_the_search_at_the_module_and_the_module_path_is_last()
    {
        var files = Tree("import \"git://host/a/\"\nprobe $a.name {}\n", ("/metadata.yaml", "path: \"vendor/\"\n"));
        files.Add("/vendor/host/a/metadata.yaml", "parentpathblock: true\n");
        files.Add("/vendor/host/a/main.mcl", "import \"git://host/b/\"\n$name = $b.name\n");
        files.Add("/vendor/host/b/metadata.yaml", "");
        files.Add("/vendor/host/b/main.mcl", "$name = \"b\"\n");
        Fails(Phase.SetScope, files);
        files.Add("/global/host/b/metadata.yaml", "");
        files.Add("/global/host/b/main.mcl", "$name = \"global b\"\n");
        Check(files, modulePath: "/global/");
    }

    [Theory]
    [InlineData("import \"fmt\"\nimport \"fmt\"\n", "/main.mcl:2:1-2:13", "twice")]
    [InlineData("import \"fmt\" as x\nimport \"math\" as x\n", "/main.mcl:2:1-2:19", "alias `x`")]
    [InlineData("import \"/foo\"\n", "/main.mcl:1:1-1:14", "absolute")]
    [InlineData("import \"nonexistentxyz\"\n", "/main.mcl:1:1-1:24", "no core package")]
    [InlineData("import \"missing.mcl\"\n", "/main.mcl:1:1-1:21", "missing.mcl")]
    [InlineData("import \"a//b.mcl\"\n", "/main.mcl:1:1-1:18", "clean")]
    public void Bad_imports_are_set_scope_errors_at_the_import(string code, string position, string says)
    {
        var e = Fails(Phase.SetScope, code);
        Assert.Equal([position], Positions(e));
        Assert.Contains(says, e.Message);
    }

    [Fact]
    public void An_imported_file_with_output_statements_is_rejected_with_both_positions()
    {
        var e = Fails(Phase.SetScope, "import \"something.mcl\"\n", ("/something.mcl", "$x = 1\nprobe \"unused\" {\n}\n"));
        Assert.Equal(["/something.mcl:2:1-3:2", "/main.mcl:1:1-1:23"], Positions(e));
        var include = Fails(Phase.SetScope, "import \"s.mcl\"\n", ("/s.mcl", "class c {\n}\ninclude c\n"));
        Assert.Equal(["/s.mcl:3:1-3:10", "/main.mcl:1:1-1:15"], Positions(include));
    }

    [Fact]
    public void A_syntax_error_in_an_imported_file_is_a_set_scope_error_pointing_into_that_file()
    {
        var e = Fails(Phase.SetScope, "import \"broken.mcl\"\n", ("/broken.mcl", "$x = [1, 2\n"));
        Assert.Equal("/broken.mcl", e.Spans[0].File);
        Assert.Equal("/main.mcl:1:1-1:20", Positions(e)[^1]);
    }

    [Fact]
    public void Import_loops_are_rejected()
    {
        var e = Fails(Phase.SetScope, "import \"a.mcl\"\n", ("/a.mcl", "import \"b.mcl\"\n$x = 1\n"), ("/b.mcl", "import \"a.mcl\"\n$y = 1\n"));
        Assert.Contains("loop", e.Message);
    }

    [Fact]
    public void A_directory_entry_without_a_program_is_reported()
    {
        var files = new MemorySourceFiles();
        files.Add("/readme.txt", "nothing here");
        var e = Assert.Throws<LangException>(() => Check(files));
        Assert.Equal(Phase.LexParse, e.Phase);
        Assert.Contains("main.mcl", e.Message);
    }

    [Fact]
    public void An_mcl_file_can_be_the_entry()
    {
        var files = Tree("probe \"main\" {}\n", ("/other/prog.mcl", "import \"lib.mcl\"\nprobe $lib.x {}\n"), ("/other/lib.mcl", "$x = \"x\"\n"));
        Assert.Equal("/other/prog.mcl", Check(files, "/other/prog.mcl").EntryFile);
    }
}
