using Mgmt.Lang.Runtime;
using Mgmt.Lang.Tests.Runtime.Support;

namespace Mgmt.Lang.Tests.Runtime;

/// <summary>The printed function graph (the reference's TestAstFunc1 style), before anything runs.</summary>
public sealed class FunctionGraphPrintTests
{
    private static async Task<string> Print(string program)
    {
        await using var runtime = ProgramRuntime.Create(RuntimeHarness.Compile(program), new RuntimeOptions
        {
            Resources = RuntimeHarness.Kinds,
            StateDirectory = Path.GetTempPath(),
        });
        return runtime.SprintFunctionGraph();
    }

    [Fact]
    public async Task OperatorsAndLiteralsPrintAsTheReferenceDoes()
    {
        var text = await Print("""
            $x = "a" + "b"
            widget [$x] {}
            """);
        Assert.Equal(
            """
            Edge: _operator -> composite: []str # 0
            Edge: const: str("+") -> _operator # op
            Edge: const: str("a") -> _operator # a
            Edge: const: str("b") -> _operator # b
            Vertex: _operator
            Vertex: composite: []str
            Vertex: const: str("+")
            Vertex: const: str("a")
            Vertex: const: str("b")
            """, text);
    }

    [Fact]
    public async Task DynamicNodesShowTheirOutputs()
    {
        var text = await Print("""
            import "fake"
            $l = ["a"]
            widget [$l[fake.number("i")] <|> "z"] {}
            """);
        Assert.Contains("Vertex: exprexcept", text, StringComparison.Ordinal);
        Assert.Contains("Edge: exprexcept -> exprExceptSubgraphOutput # dummy", text, StringComparison.Ordinal);
        Assert.Contains("Vertex: number: func(name str) int", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyProgramPrintsNothing() => Assert.Equal("", await Print("$unused = 1\n"));
}
