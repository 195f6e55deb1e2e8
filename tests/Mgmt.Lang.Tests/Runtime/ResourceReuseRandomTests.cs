using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Lang.Tests.Runtime.Support;
using static Mgmt.Lang.Tests.Runtime.Support.RuntimeHarness;

namespace Mgmt.Lang.Tests.Runtime;

/// <summary>
/// A program whose inputs change at random, step after step: every graph it yields (with the objects it reuses)
/// must be the graph a fresh runtime makes from the same inputs, and a resource is the object of the last graph
/// exactly when it did not change (and is not of a kind the engine writes into). Without automatic edges, graphs
/// that differ from the last one only by objects made anew are derived from it: each derived graph must derive from
/// the graph yielded just before it, and read exactly as a fresh runtime's graph.
/// </summary>
public sealed class ResourceReuseRandomTests
{
    // Every parameter depends on its inputs one to one, so "the same resource" means "the same inputs".
    private const string Program = """
        import "fake"
        import "fmt"
        $a = fake.number("a")
        $b = fake.number("b")
        $t = fake.truth("t")
        $names = fake.names("names")
        $step = fake.number("step")
        widget "tick" {
        	count => $step,
        }
        widget "fixed" {
        	text => "fixed",
        }
        widget "from-a" {
        	count => $a,
        	text => fmt.printf("a%d", $a),
        }
        widget "from-b" {
        	count => $b,
        	flag => $t,
        	Before => $t ?: Widget["fixed"],
        }
        widget "elvis" {
        	text => $t ?: fmt.printf("b%d", $b),
        	Meta:noop => $t,
        }
        widget $names {
        	count => $a,
        }
        for $i, $x in $names {
        	widget "loop-${x}" {
        		count => $i,
        		text => fmt.printf("%d", $b),
        	}
        }
        if $t {
        	widget "branch" {
        		count => $b,
        	}
        	Widget["from-a"] -> Widget["branch"]
        } else {
        	Widget["from-b"].out -> Widget["elvis"].text
        }
        bundle "grouped" {
        	size => $a,
        }
        """;

    private sealed record Inputs(long A, long B, bool T, string[] Names, long Step);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReusedGraphsAreTheGraphsAFreshRuntimeMakes(bool autoEdges)
    {
        var random = new Random(20261208);
        await using var h = Start(Program, autoEdges: autoEdges);
        var yielded = new Yielded();
        var inputs = new Inputs(0, 0, false, ["n0"], 0);
        Push(h, inputs);
        var last = await GraphOfAsync(h, inputs, yielded);
        var (reused, made) = (0, 0);
        for (var step = 1; step <= 40; step++)
        {
            var next = inputs with { Step = step };
            if (random.Next(3) == 0) next = next with { A = random.Next(3) };
            if (random.Next(3) == 0) next = next with { B = random.Next(3) };
            if (random.Next(3) == 0) next = next with { T = !next.T };
            if (random.Next(4) == 0) next = next with { Names = [.. Enumerable.Range(0, random.Next(4)).Select(i => $"n{random.Next(4)}").Distinct()] };
            Push(h, next, inputs);
            var graph = await GraphOfAsync(h, next, yielded);

            await using (var fresh = Start(Program, autoEdges: autoEdges))
            {
                Push(fresh, next);
                AssertSameGraph(await GraphOfAsync(fresh, next, new Yielded()), graph);
            }
            var (r, m) = AssertReusedExactlyTheUnchanged(last, graph);
            (reused, made) = (reused + r, made + m);
            (inputs, last) = (next, graph);
        }
        // The walk must have seen both outcomes many times to mean anything.
        Assert.True(reused > 100 && made > 40, $"{reused} resources reused, {made} made anew");
        // Automatic edges depend on every resource: those graphs are always assembled whole.
        if (autoEdges) Assert.Equal(0, yielded.Derived);
        else Assert.True(yielded.Derived >= 5, $"only {yielded.Derived} of {yielded.Count} graphs were derived");
    }

    /// <summary>The graphs a runtime yielded so far: the last one, how many, and how many were derived.</summary>
    private sealed class Yielded
    {
        public ResourceGraph? Last { get; set; }
        public int Count { get; set; }
        public int Derived { get; set; }
    }

    private static void Push(RuntimeHarness h, Inputs now, Inputs? before = null)
    {
        if (before is null || before.A != now.A) h.Sources.Push("a", now.A);
        if (before is null || before.B != now.B) h.Sources.Push("b", now.B);
        if (before is null || before.T != now.T) h.Sources.Push("t", now.T);
        if (before is null || !before.Names.SequenceEqual(now.Names)) h.Sources.PushList("names", now.Names);
        h.Sources.Push("step", now.Step);
    }

    // Values pushed together may arrive in more than one table: the graph of a step is the one that shows them all.
    // Every graph yielded, shown or not, is checked: a derived one comes from the graph yielded just before it, and
    // differs from it (an unchanged table yields nothing).
    private static async Task<ResourceGraph> GraphOfAsync(RuntimeHarness h, Inputs inputs, Yielded yielded)
    {
        while (true)
        {
            var graph = await h.NextGraphAsync();
            if (graph.Changes() is { } changes)
            {
                Assert.NotNull(yielded.Last);
                Assert.True(graph.IsDerivedFrom(yielded.Last), "a derived graph must derive from the graph yielded before it");
                Assert.False(changes.IsEmpty, "a graph derived without a change was yielded");
                Assert.True(Differs(yielded.Last, graph), "a derived graph equal to the last one was yielded");
                yielded.Derived++;
            }
            (yielded.Last, yielded.Count) = (graph, yielded.Count + 1);
            if (Shows(graph, inputs)) return graph;
        }
    }

    // Checked without the runtime's own comparison: different names, edges, or some resource's parameters.
    private static bool Differs(ResourceGraph last, ResourceGraph graph) =>
        !Lines(last).SequenceEqual(Lines(graph)) ||
        graph.Vertices.Any(r => last.Find(r.Kind, r.Name) is not { } before || !before.SameAs(r) || !before.Meta.Equals(r.Meta));

    private static bool Shows(ResourceGraph graph, Inputs inputs) =>
        graph.Find("widget", "tick") is WidgetResource { Count: var step } && step == inputs.Step &&
        graph.Find("widget", "from-a") is WidgetResource { Count: var a } && a == inputs.A &&
        graph.Find("widget", "from-b") is WidgetResource { Count: var b, Flag: var t } && b == inputs.B && t == inputs.T &&
        inputs.Names.All(n => graph.Find("widget", n) is not null) &&
        graph.VertexCount == 6 + 2 * inputs.Names.Length + (inputs.T ? 1 : 0);

    private static void AssertSameGraph(ResourceGraph expected, ResourceGraph actual)
    {
        Assert.Equal(Lines(expected), Lines(actual));
        foreach (var r in expected.Vertices)
        {
            var other = actual.Find(r.Kind, r.Name)!;
            Assert.True(r.SameAs(other), $"{r} differs from a fresh interpretation");
            Assert.Equal(r.Meta, other.Meta);
        }
        foreach (var (from, to, edge) in expected.Edges())
        {
            Assert.True(actual.TryGetEdge(actual.Find(from.Kind, from.Name)!, actual.Find(to.Kind, to.Name)!, out var e));
            Assert.Equal(edge.Notify, e.Notify);
        }
        static string Binding(SendRecvBinding b) => $"{b.Sender}.{b.Key} -> {b.Receiver}.{b.Param}";
        Assert.Equal(expected.Bindings.Select(Binding).Order(), actual.Bindings.Select(Binding).Order());
    }

    private static (int Reused, int Made) AssertReusedExactlyTheUnchanged(ResourceGraph last, ResourceGraph graph)
    {
        var (reused, made) = (0, 0);
        var ends = graph.Bindings.SelectMany(b => new[] { b.Sender, b.Receiver })
            .Concat(last.Bindings.SelectMany(b => new[] { b.Sender, b.Receiver }))
            .Select(r => (r.Kind, r.Name)).ToHashSet();
        foreach (var r in graph.Vertices)
        {
            var before = last.Find(r.Kind, r.Name);
            if (before is null) continue;
            var writable = r is BundleResource || ends.Contains((r.Kind, r.Name));
            var unchanged = before.SameAs(r) && before.Meta.Equals(r.Meta);
            if (!unchanged || writable)
            {
                Assert.NotSame(before, r);
                made++;
            }
            else
            {
                Assert.Same(before, r);
                reused++;
            }
        }
        return (reused, made);
    }
}
