using Mgmt.Lang;
using Mgmt.Lang.Core;
using Mgmt.Lang.Files;
using Mgmt.Lang.Runtime;
using Mgmt.Resources;

namespace Mgmt.Bench.Tests;

/// <summary>B6 measures nothing if its generated program stops compiling: the real compiler checks it here.</summary>
public sealed class LangProgramGeneratorTests
{
    [Theory]
    [InlineData(50)]
    [InlineData(500)]
    public void TheProgramHasTheSizeAskedForAndCompiles(int lines)
    {
        var text = LangProgramGenerator.Generate(lines);
        var files = new MemorySourceFiles();
        files.Add("/main.mcl", text);
        var registry = ResourceKinds.CreateRegistry();

        var program = Compiler.Check(new CompileInput(files, "/main.mcl", CoreLibrary.Create(), registry));
        var state = Directory.CreateTempSubdirectory("mgmt-bench-gen-");
        try
        {
            var runtime = ProgramRuntime.Create(program, new RuntimeOptions { Resources = registry, StateDirectory = state.FullName });
            Assert.True(runtime.FunctionNodeCount > lines / 23);
        }
        finally
        {
            state.Delete(recursive: true);
        }
        var count = text.Count(c => c == '\n');
        Assert.InRange(count, lines, lines + 30);
    }

    [Fact]
    public void UnitsUseTheirOwnNames()
    {
        var text = LangProgramGenerator.Generate(100);

        Assert.Contains("class c0(", text, StringComparison.Ordinal);
        Assert.Contains("class c3(", text, StringComparison.Ordinal);
        Assert.Contains("include c3(\"u3\", 3)", text, StringComparison.Ordinal);
    }
}
