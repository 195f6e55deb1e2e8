namespace Mgmt.Bench.Tests;

public sealed class ResultBlockTests
{
    private const string Printed = """
        some progress line that is not part of a block
        BENCH-RESULT-BEGIN b2
        title: N files: create and keep
        header: N | first run
        row: 1,000 | 0.16 s
        row: 10,000 | 1.31 s
        target: first run ≤ 2 s | 1.31 s | met
        note: uses `--converged-exit`; a note with: a colon
        BENCH-RESULT-END
        trailing noise
        BENCH-RESULT-BEGIN b10
        title: another
        BENCH-RESULT-END
        """;

    [Fact]
    public void ParsesEveryBlockAndKeepsTheOrderOfRepeatedKeys()
    {
        var blocks = ResultBlock.ParseAll(Printed);

        Assert.Equal(["b2", "b10"], blocks.Select(b => b.Id));
        var b2 = blocks[0];
        Assert.Equal("N files: create and keep", b2.Title);
        Assert.Equal(["1,000 | 0.16 s", "10,000 | 1.31 s"], b2.Values("row"));
        Assert.Equal("uses `--converged-exit`; a note with: a colon", b2.Value("note"));
        Assert.Null(b2.Value("missing"));
    }

    [Fact]
    public void AnUnfinishedBlockIsDropped()
    {
        var blocks = ResultBlock.ParseAll("BENCH-RESULT-BEGIN b1\ntitle: cut short\n");

        Assert.Empty(blocks);
    }

    [Fact]
    public void RenderedBlocksParseBackToTheSameLines()
    {
        var original = ResultBlock.ParseAll(Printed)[0];

        var again = ResultBlock.ParseAll(original.Render()).Single();

        Assert.Equal(original.Id, again.Id);
        Assert.Equal(original.Lines, again.Lines);
    }

    [Fact]
    public void RenderingDefusesTheEndOfAnHtmlComment()
    {
        var block = new ResultBlock("b7", [new("note", "tick --> file")]);

        Assert.DoesNotContain("-->", block.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void WithReplacesAKey()
    {
        var block = ResultBlock.ParseAll(Printed)[0].With("title", "renamed");

        Assert.Equal("renamed", block.Title);
        Assert.Single(block.Values("title"));
    }
}
