using Mgmt.Engine.Graph;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Tests.Runtime.Support;
using static Mgmt.Lang.Tests.Runtime.Support.RuntimeHarness;

namespace Mgmt.Lang.Tests.Interpret;

/// <summary>How a table of values becomes a resource graph: names, parameters, meta parameters, edges.</summary>
public sealed class InterpretTests
{
    internal static async Task<ResourceGraph> FirstGraph(string program, bool autoEdges = true)
    {
        await using var h = Start(program, autoEdges: autoEdges);
        return await h.NextGraphAsync();
    }

    internal static async Task<LangException> Failure(string program)
    {
        await using var h = Start(program);
        return await h.FailureAsync();
    }

    private static WidgetResource Widget(ResourceGraph graph, string name) => (WidgetResource)graph.Find("widget", name)!;

    [Fact]
    public async Task AListOfNamesMakesOneResourcePerName()
    {
        var graph = await FirstGraph("""
            widget ["a", "b", "c"] {
            	count => 3,
            }
            """);
        Assert.Equal(["widget[a]", "widget[b]", "widget[c]"], Vertices(graph));
        Assert.All(graph.Vertices, v => Assert.Equal(3, ((WidgetResource)v).Count));
    }

    [Fact]
    public async Task NamesArePrintedRaw()
    {
        var graph = await FirstGraph("widget \"a b\\t\\\"c\\\"\" {}\n");
        Assert.Equal(["Vertex: widget[a b\t\"c\"]"], Lines(graph));
    }

    [Fact]
    public async Task AConditionalFieldIsSetOnlyWhenItsConditionHolds()
    {
        var graph = await FirstGraph("""
            widget "on" {
            	text => true ?: "set",
            	count => false ?: 5,
            }
            """);
        var w = Widget(graph, "on");
        Assert.Equal("set", w.Text);
        Assert.Equal(0, w.Count);
    }

    [Fact]
    public async Task MetaParametersComeFromLinesAndFromAStruct()
    {
        var graph = await FirstGraph("""
            widget "lines" {
            	Meta:noop => true,
            	Meta:retry => 3,
            	Meta:sema => ["lock:1"],
            }
            widget "struct" {
            	Meta => struct{
            		noop => false,
            		retry => -1,
            		retryreset => false,
            		delay => 10,
            		timeout => 0,
            		poll => 0,
            		limit => 2.5,
            		burst => 1,
            		reset => false,
            		sema => [],
            		rewatch => false,
            		realize => false,
            		dollar => false,
            		hidden => false,
            		export => [],
            		reverse => false,
            		autoedge => false,
            		autogroup => true,
            	},
            }
            """);
        var lines = Widget(graph, "lines").Meta;
        Assert.True(lines.Noop);
        Assert.Equal(3, lines.Retry);
        Assert.Equal(["lock:1"], lines.Sema);
        var s = Widget(graph, "struct").Meta;
        Assert.Equal((-1, 10L, 2.5, 1, false), (s.Retry, s.Delay, s.Limit, s.Burst, s.AutoEdge));
    }

    [Fact]
    public async Task EdgePropertiesPointTheRightWayAndNotifyWhenAsked()
    {
        var graph = await FirstGraph("""
            widget "self" {
            	Before => Widget["before"],
            	Notify => Widget["notify"],
            	Depend => Widget["depend"],
            	Listen => Widget["listen"],
            }
            widget ["before", "notify", "depend", "listen"] {}
            """);
        Assert.Equal(
        [
            "Edge: widget[depend] -> widget[self] # widget[depend] -> widget[self]",
            "Edge: widget[listen] -> widget[self] # widget[listen] -> widget[self]",
            "Edge: widget[self] -> widget[before] # widget[self] -> widget[before]",
            "Edge: widget[self] -> widget[notify] # widget[self] -> widget[notify]",
        ], Lines(graph).Where(l => l.StartsWith("Edge:", StringComparison.Ordinal)));
        bool Notifies(string from, string to) =>
            graph.TryGetEdge(Widget(graph, from), Widget(graph, to), out var e) && e.Notify;
        Assert.True(Notifies("self", "notify"));
        Assert.True(Notifies("listen", "self"));
        Assert.False(Notifies("self", "before"));
        Assert.False(Notifies("depend", "self"));
    }

    [Fact]
    public async Task EdgeChainsConnectEveryPairOfNames()
    {
        var graph = await FirstGraph("""
            widget ["a", "b", "c", "d"] {}
            Widget["a"] -> Widget[["b", "c"]] -> Widget["d"]
            """);
        Assert.Equal(4, graph.EdgeCount);
        Assert.True(graph.TryGetEdge(Widget(graph, "a"), Widget(graph, "c"), out var edge));
        Assert.Equal("widget[a] -> widget[c]", edge.Name);
        Assert.True(graph.TryGetEdge(Widget(graph, "b"), Widget(graph, "d"), out _));
    }

    [Fact]
    public async Task SendRecvAddsABindingAndAnEdge()
    {
        var graph = await FirstGraph("""
            widget ["from", "to"] {}
            Widget["from"].out -> Widget["to"].text
            """);
        var binding = Assert.Single(graph.Bindings);
        Assert.Equal(("widget[from]", "out", "widget[to]", "text"),
            (binding.Sender.ToString(), binding.Key, binding.Receiver.ToString(), binding.Param));
        Assert.True(graph.TryGetEdge(binding.Sender, binding.Receiver, out _));
    }

    [Fact]
    public async Task IdenticalDuplicatesCollapseAndCompatibleOnesMerge()
    {
        var graph = await FirstGraph("""
            widget "same" {
            	count => 1,
            }
            widget "same" {
            	count => 1,
            }
            mergeable "m" {
            	level => 4,
            }
            mergeable "m" {}
            """);
        Assert.Equal(["mergeable[m]", "widget[same]"], Vertices(graph));
        Assert.Equal(4, ((MergeableResource)graph.Find("mergeable", "m")!).Level);
    }

    [Fact]
    public async Task HiddenResourcesMayRepeat()
    {
        var graph = await FirstGraph("""
            widget "h" {
            	count => 1,
            	Meta:hidden => true,
            }
            widget "h" {
            	count => 2,
            	Meta:hidden => true,
            }
            widget "h" {
            	count => 3,
            }
            """);
        Assert.Equal(3, graph.VertexCount);
    }

    [Fact]
    public async Task AutomaticEdgesAreAddedUnlessTurnedOff()
    {
        const string program = """
            dir ["/srv/", "/srv/app/", "/srv/app/data/"] {}
            dir "/srv/other/" {
            	Meta:autoedge => false,
            }
            """;
        var graph = await FirstGraph(program);
        Assert.Equal(
        [
            "Edge: dir[/srv/] -> dir[/srv/app/] # dir[/srv/] -> dir[/srv/app/]",
            "Edge: dir[/srv/app/] -> dir[/srv/app/data/] # dir[/srv/app/] -> dir[/srv/app/data/]",
        ], Lines(graph).Where(l => l.StartsWith("Edge:", StringComparison.Ordinal)));
        Assert.Equal(0, (await FirstGraph(program, autoEdges: false)).EdgeCount);
    }

    [Fact]
    public async Task ResourcesOfIncludedClassesAndActiveBranchesAreOutput()
    {
        var graph = await FirstGraph("""
            class c($n) {
            	widget "class-${n}" {}
            	if $n == "b" {
            		widget "only-b" {}
            	}
            }
            include c("a")
            include c("b")
            """);
        Assert.Equal(["widget[class-a]", "widget[class-b]", "widget[only-b]"], Vertices(graph));
    }
}
