using Mgmt.Lang.Tests.Runtime.Support;
using static Mgmt.Lang.Tests.Runtime.Support.RuntimeHarness;

namespace Mgmt.Lang.Tests.Runtime;

/// <summary>
/// The dynamic parts the other runtime tests leave out: conditional parameters and edges, resource names that are
/// lists, iterators whose function changes, and the streams inside parts of the graph that come and go.
/// </summary>
public sealed class ReactiveConstructTests
{
    [Fact]
    public async Task AConditionalParameterAndEdgeFollowTheirCondition()
    {
        await using var h = Start("""
            import "fake"
            $on = fake.truth("c")
            widget "w" {
            	text => $on ?: "set",
            	Before => $on ?: Widget["x"],
            }
            widget "x" {}
            """);
        h.Sources.Push("c", true);
        var graph = await h.NextGraphAsync();
        Assert.Equal("set", Widget(graph, "w").Text);
        Assert.Equal(1, graph.EdgeCount);

        h.Sources.Push("c", false);
        graph = await h.NextGraphAsync();
        Assert.Null(Widget(graph, "w").Text); // unset, not empty
        Assert.Equal(0, graph.EdgeCount);

        h.Sources.Push("c", true);
        Assert.Equal(1, (await h.NextGraphAsync()).EdgeCount);
    }

    [Fact]
    public async Task AResourceNamedByAListGrowsAndShrinksWithIt()
    {
        await using var h = Start("""
            import "fake"
            widget fake.names("l") {
            	count => 7,
            }
            """);
        h.Sources.PushList("l", "a");
        Assert.Equal(["widget[a]"], Vertices(await h.NextGraphAsync()));
        h.Sources.PushList("l", "a", "b", "c");
        Assert.Equal(["widget[a]", "widget[b]", "widget[c]"], Vertices(await h.NextGraphAsync()));
        h.Sources.PushList("l", "c");
        Assert.Equal(["widget[c]"], Vertices(await h.NextGraphAsync()));
        h.Sources.PushList("l");
        Assert.Empty(Vertices(await h.NextGraphAsync()));
    }

    [Fact]
    public async Task AnIteratorRunsAgainWhenItsFunctionChanges()
    {
        await using var h = Start("""
            import "fake"
            import "iter"
            $f = if fake.truth("loud") {
            	func($s) {
            		fake.tap_str("loud", $s) + "!"
            	}
            } else {
            	func($s) {
            		fake.tap_str("quiet", $s) + "."
            	}
            }
            widget iter.map(["a", "b"], $f) {}
            """);
        h.Sources.Push("loud", true);
        Assert.Equal(["widget[a!]", "widget[b!]"], Vertices(await h.NextGraphAsync()));
        h.Sources.Push("loud", false);
        Assert.Equal(["widget[a.]", "widget[b.]"], Vertices(await h.NextGraphAsync()));
        Assert.Equal(2, h.Sources.Calls("quiet"));
        Assert.Equal(2, h.Sources.Calls("loud"));
    }

    [Fact]
    public async Task TheStreamsOfAFallbackStopWhenThePrimaryRecovers()
    {
        await using var h = Start("""
            import "fake"
            $l = ["a", "b"]
            widget $l[fake.number("i")] <|> fake.text("fallback") {}
            """);
        h.Sources.Push("i", 0);
        Assert.Equal(["widget[a]"], Vertices(await h.NextGraphAsync()));
        Assert.Equal(1, h.Sources.LiveStreams);

        h.Sources.Push("i", 9);
        h.Sources.Push("fallback", "spare");
        Assert.Equal(["widget[spare]"], Vertices(await h.NextGraphAsync()));
        Assert.Equal(2, h.Sources.LiveStreams);

        h.Sources.Push("i", 1);
        Assert.Equal(["widget[b]"], Vertices(await h.NextGraphAsync()));
        await PropagationTests.WaitUntil(() => h.Sources.LiveStreams == 1);
    }

    [Fact]
    public async Task TheStreamsOfRemovedIterationsStopAndNewOnesStart()
    {
        await using var h = Start("""
            import "fake"
            for $i, $name in fake.names("l") {
            	widget $name {
            		text => fake.text($name),
            	}
            }
            """);
        h.Sources.PushList("l", "a", "b");
        h.Sources.Push("a", "1");
        h.Sources.Push("b", "2");
        await h.NextGraphAsync();
        Assert.Equal(3, h.Sources.LiveStreams);

        h.Sources.PushList("l", "a");
        Assert.Equal(["widget[a]"], Vertices(await h.NextGraphAsync()));
        await PropagationTests.WaitUntil(() => h.Sources.LiveStreams == 2);

        h.Sources.PushList("l", "a", "c");
        h.Sources.Push("c", "3");
        var graph = await h.NextGraphAsync();
        Assert.Equal("3", Widget(graph, "c").Text);
        Assert.Equal(3, h.Sources.LiveStreams);
    }

    private static WidgetResource Widget(Engine.Graph.ResourceGraph graph, string name) => (WidgetResource)graph.Find("widget", name)!;
}
