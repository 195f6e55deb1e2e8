using Mgmt.Lang.Tests.Runtime.Support;

namespace Mgmt.Lang.Tests.Runtime;

/// <summary>How values flow: only what is downstream of a change runs again, and equal values stop.</summary>
public sealed class PropagationTests
{
    [Fact]
    public async Task AStaticProgramYieldsItsGraphAtOnce()
    {
        await using var h = RuntimeHarness.Start("""
            widget "a" {
            	text => "hello",
            }
            """);
        var graph = await h.NextGraphAsync();
        Assert.Equal(["widget[a]"], RuntimeHarness.Vertices(graph));
        Assert.Equal("hello", ((WidgetResource)graph.Find("widget", "a")!).Text);
    }

    [Fact]
    public async Task AProgramWithoutExpressionsYieldsAnEmptyGraph()
    {
        await using var h = RuntimeHarness.Start("$unused = 42\n");
        var graph = await h.NextGraphAsync();
        Assert.Equal(0, graph.VertexCount);
    }

    [Fact]
    public async Task NoGraphUntilEveryValueIsKnown()
    {
        await using var h = RuntimeHarness.Start("""
            import "fake"
            widget "w" {
            	count => fake.number("x") + fake.number("y"),
            }
            """);
        var next = h.NextGraphAsync();
        h.Sources.Push("x", 1);
        await WaitUntil(() => h.Sources.LiveStreams == 2);
        Assert.False(next.IsCompleted);
        Assert.Equal(0, h.Runtime.TablesInterpreted);
        h.Sources.Push("y", 2);
        Assert.Equal(3, Count(await next));
    }

    [Fact]
    public async Task OnlyNodesDownstreamOfAChangeRunAgain()
    {
        await using var h = RuntimeHarness.Start("""
            import "fake"
            $a = fake.tap_int("a", fake.number("x"))
            $b = fake.tap_int("b", fake.number("y"))
            widget "w" {
            	count => $a + $b,
            }
            """);
        h.Sources.Push("x", 1);
        h.Sources.Push("y", 2);
        Assert.Equal(3, Count(await h.NextGraphAsync()));
        Assert.Equal((1, 1), (h.Sources.Calls("a"), h.Sources.Calls("b")));

        h.Sources.Push("x", 5);
        Assert.Equal(7, Count(await h.NextGraphAsync()));
        Assert.Equal((2, 1), (h.Sources.Calls("a"), h.Sources.Calls("b")));
    }

    [Fact]
    public async Task AnEqualValueStopsWhereItArrives()
    {
        await using var h = RuntimeHarness.Start("""
            import "fake"
            $a = fake.tap_int("a", fake.number("x"))
            widget "w" {
            	count => $a + fake.number("y"),
            }
            """);
        h.Sources.Push("x", 1);
        h.Sources.Push("y", 1);
        Assert.Equal(2, Count(await h.NextGraphAsync()));
        h.Sources.Push("x", 1);
        h.Sources.Push("y", 2);
        Assert.Equal(3, Count(await h.NextGraphAsync()));
        Assert.Equal(1, h.Sources.Calls("a"));
    }

    [Fact]
    public async Task ATableThatDoesNotChangeTheGraphYieldsNoGraph()
    {
        await using var h = RuntimeHarness.Start("""
            import "fake"
            widget "w" {
            	flag => fake.number("x") > 10,
            }
            """);
        h.Sources.Push("x", 1);
        Assert.False(((WidgetResource)(await h.NextGraphAsync()).Find("widget", "w")!).Flag);

        var next = h.NextGraphAsync();
        h.Sources.Push("x", 2); // a new table, the same graph
        await WaitUntil(() => h.Runtime.TablesInterpreted == 2);
        Assert.False(next.IsCompleted);
        h.Sources.Push("x", 20);
        Assert.True(((WidgetResource)(await next).Find("widget", "w")!).Flag);
        Assert.Equal(3, h.Runtime.TablesInterpreted);
    }

    [Fact]
    public async Task ValuesArrivingFasterThanGraphsAreTakenAreCoalesced()
    {
        await using var h = RuntimeHarness.Start("""
            import "fake"
            widget "w" {
            	count => fake.number("x"),
            }
            """);
        h.Sources.Push("x", 0);
        Assert.Equal(0, Count(await h.NextGraphAsync()));
        for (var i = 1; i <= 500; i++) h.Sources.Push("x", i);
        await WaitUntil(() => h.Sources.Backlog("x") == 0);
        var graphs = 0;
        long last;
        do
        {
            last = Count(await h.NextGraphAsync());
            graphs++;
        }
        while (last != 500);
        Assert.True(graphs <= 2, $"{graphs} graphs for values that all arrived while the consumer was busy");
    }

    [Fact]
    public async Task ASharedVariableIsOneNode()
    {
        await using var h = RuntimeHarness.Start("""
            import "fake"
            $x = fake.tap_int("x", 40)
            widget "a" {
            	count => $x,
            }
            widget "b" {
            	count => $x + 2,
            }
            """);
        var graph = await h.NextGraphAsync();
        Assert.Equal(40, ((WidgetResource)graph.Find("widget", "a")!).Count);
        Assert.Equal(42, ((WidgetResource)graph.Find("widget", "b")!).Count);
        Assert.Equal(1, h.Sources.Calls("x"));
    }

    [Fact]
    public async Task RunningTwiceIsRefused()
    {
        await using var h = RuntimeHarness.Start("widget \"a\" {}\n");
        await h.NextGraphAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in h.Runtime.RunAsync(TestContext.Current.CancellationToken))
            {
            }
        });
    }

    internal static long Count(Engine.Graph.ResourceGraph graph) => ((WidgetResource)graph.Find("widget", "w")!).Count;

    /// <summary>Polls a condition the runtime reaches on its own (guarded against hangs, not timed).</summary>
    internal static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the runtime never reached the expected state");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}
