using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Files;
using Mgmt.Lang.Syntax;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Tests.Syntax;

public sealed class SyntaxPipelineTests
{
    [Fact]
    public void Files_are_read_from_a_source_tree()
    {
        var files = new MemorySourceFiles();
        files.Add("/mod/x.mcl", "# a module\n$inside = \"${y}\"\n");
        var parsed = SyntaxPipeline.Prepare(files, "/mod/x.mcl");
        Assert.Equal("/mod/x.mcl", parsed.Source.Path);
        Assert.Equal("$inside = $y", AstPrinter.Print(parsed.Program));
        Assert.Equal(" a module", Assert.Single(parsed.Comments).Text);
        Assert.All(AstWalker.DescendantsAndSelf(parsed.Program), n => Assert.Equal("/mod/x.mcl", n.Span.File));
    }

    [Fact]
    public void The_stages_can_run_one_by_one()
    {
        var parsed = SyntaxPipeline.Parse(new SourceFile("/main.mcl", "$x = \"a${b}\"\n"));
        var before = AstPrinter.Print(parsed.Program);
        SyntaxPipeline.Init(parsed.Program);
        Assert.Equal(before, AstPrinter.Print(parsed.Program)); // Init only checks
        Assert.Same(parsed.Program, SyntaxPipeline.Interpolate(parsed.Program));
        Assert.Equal("$x = concat(\"a\", $b)", AstPrinter.Print(parsed.Program));
    }

    [Fact]
    public void The_earliest_phase_reports_first()
    {
        // Each program has mistakes for several phases; the earliest phase wins.
        Assert.Equal(Phase.LexParse, Mcl.Fails("$m = {1 => 1, 1 => 2}\n$s = \"\\q\"\n$x = )\n").Phase);
        Assert.Equal(Phase.Init, Mcl.Fails("$s = \"\\q\"\n$m = {1 => 1, 1 => 2}\n").Phase);
        Assert.Equal(Phase.Interpolate, Mcl.Fails("$s = \"\\q\"\n").Phase);
    }

    [Fact]
    public void A_missing_file_is_not_a_language_error()
    {
        Assert.Throws<FileNotFoundException>(() => SyntaxPipeline.Prepare(new MemorySourceFiles(), "/nope.mcl"));
    }
}
