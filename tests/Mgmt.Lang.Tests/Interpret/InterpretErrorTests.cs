using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Runtime;
using Mgmt.Lang.Tests.Runtime.Support;
using static Mgmt.Lang.Tests.Interpret.InterpretTests;

namespace Mgmt.Lang.Tests.Interpret;

/// <summary>Every way a table of values can fail to make a graph, with its phase and position.</summary>
public sealed class InterpretErrorTests
{
    private static async Task Expect(Phase phase, string? position, string program, string? messagePart = null)
    {
        var e = await Failure(program);
        Assert.True(e.Phase == phase, $"expected a {phase} error, got {e.Phase}: {e}");
        Assert.Equal(position, e.Span.IsNone ? null : e.Span.ToString());
        if (messagePart is not null) Assert.Contains(messagePart, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public Task AnUnknownKind() => Expect(Phase.Interpret, "/main.mcl @ 1:1-1:14", "gadget \"g\" {}\n", "no resource kind `gadget`");

    [Fact]
    public Task AValueOutOfRangeForItsParameter() => Expect(Phase.Interpret, "/main.mcl @ 1:1-3:2", """
        widget "w" {
        	small => 300,
        }
        """, "small");

    [Fact]
    public Task AMetaValueOutOfRange() => Expect(Phase.Interpret, "/main.mcl @ 1:1-3:2", """
        widget "w" {
        	Meta:retry => 100000,
        }
        """, "Meta:retry");

    [Fact]
    public Task InequivalentDuplicatesPointAtTheSecond() => Expect(Phase.Interpret, "/main.mcl @ 4:1-6:2", """
        widget "w" {
        	count => 1,
        }
        widget "w" {
        	count => 2,
        }
        """, "count is 1 in one and 2 in the other");

    [Fact]
    public Task IncompatibleDuplicates() => Expect(Phase.Interpret, "/main.mcl @ 4:1-6:2", """
        mergeable "m" {
        	level => 1,
        }
        mergeable "m" {
        	level => 2,
        }
        """, "cannot be merged");

    [Fact]
    public Task AnEdgeToAMissingResource() => Expect(Phase.Interpret, "/main.mcl @ 2:1-2:33", """
        widget "a" {}
        Widget["a"] -> Widget["missing"]
        """, "widget[missing]");

    [Fact]
    public Task ANameStartingWithADollar() => Expect(Phase.Interpret, "/main.mcl @ 1:1-1:18", "widget \"$oops\" {}\n", "Meta:dollar");

    [Fact]
    public Task AnExportTargetThatIsNoHostnameIsShownAtItsResource() => Expect(Phase.Interpret, "/main.mcl @ 1:1-4:2", """
        widget "w" {
        	Meta:hidden => true,
        	Meta:export => ["not a host"],
        }
        """, "is not a hostname");

    [Fact]
    public async Task ADollarNameIsFineWhenMeant()
    {
        var graph = await FirstGraph("""
            widget "$meant" {
            	Meta:dollar => true,
            }
            """);
        Assert.Equal(1, graph.VertexCount);
    }

    [Fact]
    public Task AResourceThatDoesNotValidate() => Expect(Phase.Interpret, "/main.mcl @ 1:1-3:2", """
        widget "w" {
        	text => "invalid",
        }
        """, "may not be");

    [Fact]
    public Task ACycle() => Expect(Phase.Interpret, "/main.mcl @ 2:1-2:42", """
        widget ["a", "b"] {}
        Widget["a"] -> Widget["b"] -> Widget["a"]
        """, "cycle");

    [Fact]
    public Task SendingFromAHiddenResource() => Expect(Phase.Interpret, "/main.mcl @ 5:1-5:36", """
        widget "a" {
        	Meta:hidden => true,
        }
        widget "b" {}
        Widget["a"].out -> Widget["b"].text
        """, "hidden");

    [Fact]
    public Task TwoSendersForOneParameter() => Expect(Phase.Interpret, "/main.mcl @ 2:1-2:43", """
        widget ["a", "b", "c"] {}
        Widget[["a", "b"]].out -> Widget["c"].text
        """, "one sender");

    [Fact]
    public void AMetaParameterGivenTwiceThroughAStructIsAGraphError()
    {
        var program = RuntimeHarness.Compile("""
            widget "w" {
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
            		sema => [],
            		rewatch => false,
            		realize => false,
            		dollar => false,
            		hidden => false,
            		export => [],
            		reverse => false,
            		autoedge => true,
            		autogroup => true,
            	},
            	Meta:noop => false,
            }
            """);
        var e = Assert.Throws<LangException>(() => ProgramRuntime.Create(program, new RuntimeOptions
        {
            Resources = RuntimeHarness.Kinds,
            StateDirectory = Path.GetTempPath(),
        }));
        Assert.Equal(Phase.Graph, e.Phase);
        Assert.Equal("/main.mcl @ 1:1-23:2", e.Span.ToString());
        Assert.Contains("noop", e.Message, StringComparison.Ordinal);
    }
}
