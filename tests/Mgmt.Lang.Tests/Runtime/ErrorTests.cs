using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Functions;
using static Mgmt.Lang.Tests.Runtime.Support.RuntimeHarness;

namespace Mgmt.Lang.Tests.Runtime;

/// <summary>Run-time errors: caught ones are values; uncaught ones stop the program where they were raised.</summary>
public sealed class ErrorTests
{
    [Fact]
    public async Task AnUncaughtErrorStopsTheProgramAtTheCallThatRaisedIt()
    {
        await using var h = Start("""
            import "fake"
            $l = ["a"]
            $x = $l[fake.number("i")]
            widget [$x] {}
            """);
        h.Sources.Push("i", 0);
        Assert.Equal(["widget[a]"], Vertices(await h.NextGraphAsync()));
        h.Sources.Push("i", 3);
        var e = await h.FailureAsync();
        Assert.Equal(Phase.Stream, e.Phase);
        Assert.Equal("/main.mcl @ 3:6-3:26", e.Span.ToString());
    }

    [Fact]
    public async Task AnErrorCaughtInOnePlaceIsStillFatalWhereItIsNot()
    {
        await using var h = Start("""
            $l = ["a"]
            $x = $l[42]
            widget [$x <|> "caught"] {}
            widget [$x] {}
            """);
        var e = await h.FailureAsync();
        Assert.Equal(Phase.Stream, e.Phase);
        Assert.Equal("/main.mcl @ 2:6-2:12", e.Span.ToString());
    }

    [Fact]
    public async Task AFatalStreamFailureStopsTheProgram()
    {
        await using var h = Start("""
            import "fake"
            widget "w" {
            	count => fake.number("x"),
            }
            """);
        h.Sources.Push("x", 1);
        await h.NextGraphAsync();
        h.Sources.Fail("x", new FunctionException("the sensor went away"));
        var e = await h.FailureAsync();
        Assert.Equal(Phase.Stream, e.Phase);
        Assert.Equal("the sensor went away", e.Message);
        Assert.Equal("/main.mcl @ 3:11-3:27", e.Span.ToString());
    }

    [Fact]
    public async Task ACatchableStreamErrorCanBeCaught()
    {
        await using var h = Start("""
            import "fake"
            widget fake.text("name") <|> "default" {}
            """);
        h.Sources.Push("name", "first");
        Assert.Equal(["widget[first]"], Vertices(await h.NextGraphAsync()));
        h.Sources.Fail("name", new CatchableException("no name yet"));
        Assert.Equal(["widget[default]"], Vertices(await h.NextGraphAsync()));
        h.Sources.Push("name", "again");
        Assert.Equal(["widget[again]"], Vertices(await h.NextGraphAsync()));
    }

    [Fact]
    public async Task PanicStopsTheProgramAtThePanicStatement()
    {
        await using var h = Start("""
            import "fake"
            panic(fake.truth("p"))
            widget "w" {}
            """);
        h.Sources.Push("p", false);
        Assert.Equal(["widget[w]"], Vertices(await h.NextGraphAsync()));
        h.Sources.Push("p", true);
        var e = await h.FailureAsync();
        Assert.Equal(Phase.Stream, e.Phase);
        Assert.Equal("/main.mcl @ 2:1-2:23", e.Span.ToString());
    }

    [Fact]
    public async Task AnErrorInABranchNotTakenIsHarmless()
    {
        await using var h = Start("""
            import "fake"
            $l = ["a"]
            if fake.truth("c") {
            	widget [$l[9]] {}
            }
            widget "w" {}
            """);
        h.Sources.Push("c", false);
        Assert.Equal(["widget[w]"], Vertices(await h.NextGraphAsync()));
        h.Sources.Push("c", true);
        Assert.Equal(Phase.Stream, (await h.FailureAsync()).Phase);
    }

    [Fact]
    public async Task TheSequenceEndsAfterAnError()
    {
        await using var h = Start("""
            $l = ["a"]
            widget [$l[1]] {}
            """);
        var e = await h.FailureAsync();
        Assert.Equal(Phase.Stream, e.Phase);
        await Assert.ThrowsAnyAsync<Exception>(h.NextGraphAsync);
    }
}
