namespace Mgmt.Bench.Tests;

public sealed class ReportTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mgmt-bench-report-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static string Block(string id, string measured, string met) => $"""
        BENCH-RESULT-BEGIN {id}
        when: 2025-01-01 00:00 UTC
        title: scenario {id}
        header: measure | ours
        row: wall time | {measured}
        target: ours ≤ 1 s | {measured} | {met}
        note: note of {id}
        BENCH-RESULT-END

        """;

    [Fact]
    public void TheDocumentShowsSummarySectionsAndVerdicts()
    {
        var blocks = ResultBlock.ParseAll(Block("b1", "0.6 s", "met") + Block("b9", "3.5 s", "not met"));

        var doc = ReportWriter.Render(blocks, "## Findings\n\nhand-written");

        Assert.Contains("| [B1](#b1-scenario-b1) | ours ≤ 1 s | 0.6 s | ✅ met |", doc, StringComparison.Ordinal);
        Assert.Contains("| [B9](#b9-scenario-b9) | ours ≤ 1 s | 3.5 s | ❌ not met |", doc, StringComparison.Ordinal);
        Assert.Contains("## B1: scenario b1", doc, StringComparison.Ordinal);
        Assert.Contains("| wall time | 0.6 s |", doc, StringComparison.Ordinal);
        Assert.Contains("hand-written", doc, StringComparison.Ordinal);
        Assert.True(doc.IndexOf("## B1", StringComparison.Ordinal) < doc.IndexOf("## B9", StringComparison.Ordinal));
    }

    [Fact]
    public void TheDocumentCarriesItsBlocksForTheNextMerge()
    {
        var blocks = ResultBlock.ParseAll(Block("b1", "0.6 s", "met") + Block("b2", "1 s", "met"));

        var parsedBack = ResultBlock.ParseAll(ReportWriter.Render(blocks, null));

        Assert.Equal(blocks.Select(b => (b.Id, b.Lines.Count)), parsedBack.Select(b => (b.Id, b.Lines.Count)));
    }

    [Fact]
    public void ARunReplacesItsScenariosAndKeepsTheOthers()
    {
        var doc = Path.Combine(_dir.FullName, "benchmarks.md");
        var results = Directory.CreateDirectory(Path.Combine(_dir.FullName, "results")).FullName;
        File.WriteAllText(Path.Combine(results, "b1.txt"), Block("b1", "0.6 s", "met") + Block("b10", "0.2 s", "met"));
        Assert.Equal(0, ReportCommand.Run(Options.Parse(["--doc", doc, "--results", results])));

        File.Delete(Path.Combine(results, "b1.txt"));
        File.WriteAllText(Path.Combine(results, "b10.txt"), Block("b10", "0.9 s", "met"));
        Assert.Equal(0, ReportCommand.Run(Options.Parse(["--doc", doc, "--results", results])));

        var blocks = ResultBlock.ParseAll(File.ReadAllText(doc));
        Assert.Equal(["b1", "b10"], blocks.Select(b => b.Id));
        Assert.Equal("wall time | 0.6 s", blocks[0].Value("row"));
        Assert.Equal("wall time | 0.9 s", blocks[1].Value("row"));
    }

    [Fact]
    public void ARunWithoutResultsIsRefusedAndLeavesTheDocumentAlone()
    {
        var doc = Path.Combine(_dir.FullName, "benchmarks.md");
        File.WriteAllText(doc, "before");
        var results = Directory.CreateDirectory(Path.Combine(_dir.FullName, "empty")).FullName;

        Assert.Throws<BenchFailure>(() => ReportCommand.Run(Options.Parse(["--doc", doc, "--results", results])));
        Assert.Equal("before", File.ReadAllText(doc));
    }
}
