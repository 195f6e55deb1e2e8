using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;
using Mgmt.Engine.Tests.Support;

namespace Mgmt.Engine.Tests;

/// <summary>
/// The incremental graph swap must end in the very graph the full preparation makes: the same vertices with the
/// same parameters, the same edges (automatic and declared, with their names and notify flags). The random test
/// replays long sequences of swaps on one engine and compares each result with a fresh engine given copies of the
/// same graph (a first commit is always prepared in full).
/// </summary>
public sealed class IncrementalSwapTests
{
    private static readonly string[] PathNames = ["/a/", "/a/b/", "/a/b/c/", "/a/d/", "/e/", "/a/f1", "/a/b/f2", "/a/b/c/f3", "/a/d/f4", "/e/f5", "/f6"];
    private static readonly string[] LinkNames = ["l1", "l2", "l3", "l4", "l5", "l6"];

    internal static EngineOptions NoGroups(EngineOptions o) => o with { AutoGroup = false };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Random_swaps_end_in_the_graph_a_full_preparation_makes(int seed)
    {
        await using var h = new Harness(NoGroups);
        var random = new Random(seed);
        var state = new GraphState();
        const int steps = 120;
        for (var step = 0; step < steps; step++)
        {
            state.Mutate(random);
            var reference = await FullPreparation(state.Build(copies: true));
            try
            {
                await h.Commit(state.Build(copies: false));
            }
            catch (GraphException e)
            {
                Assert.Equal(reference.Refused, e.Message);
                state.DropDeclaredEdges();
                continue;
            }
            Assert.Null(reference.Refused);
            Assert.Equal(reference.Printout, Printout(h.Engine));
        }
        Assert.True(h.Engine.IncrementalSwaps >= steps / 2, $"only {h.Engine.IncrementalSwaps} of {steps} swaps were incremental");
    }

    [Fact]
    public async Task A_resource_handed_over_again_is_kept_without_being_compared()
    {
        await using var h = new Harness(NoGroups);
        var kept = new LinkResource { Name = "kept" };
        var other = new LinkResource { Name = "other", Value = 1 };
        await h.Commit(Harness.Graph(kept, other));
        await h.Commit(Harness.Graph(kept, new LinkResource { Name = "other", Value = 2 }));

        Assert.Equal(1, h.Engine.IncrementalSwaps);
        Assert.Equal(0, kept.Comparisons);
        Assert.Equal(1, other.Comparisons);
        Assert.Same(kept, h.Engine.Current!.Vertices.Single(r => r.Name == "kept"));
        Assert.Equal(2, ((LinkResource)h.Engine.Current.Vertices.Single(r => r.Name == "other")).Value);
    }

    [Fact]
    public async Task A_nearer_directory_takes_the_automatic_edge_and_gives_it_back_when_it_goes()
    {
        await using var h = new Harness(NoGroups);
        var top = new PathResource { Name = "/a/" };
        var file = new PathResource { Name = "/a/b/c/f" };
        await h.Commit(Harness.Graph(top, file));
        Assert.Equal(["tpath[/a/] -> tpath[/a/b/c/f]"], EdgesOf(h.Engine));

        await h.Commit(Harness.Graph(top, file, new PathResource { Name = "/a/b/" }));
        Assert.Equal(["tpath[/a/] -> tpath[/a/b/]", "tpath[/a/b/] -> tpath[/a/b/c/f]"], EdgesOf(h.Engine));

        await h.Commit(Harness.Graph(top, file));
        Assert.Equal(["tpath[/a/] -> tpath[/a/b/c/f]"], EdgesOf(h.Engine));
        Assert.Equal(2, h.Engine.IncrementalSwaps);
    }

    [Fact]
    public async Task A_changed_parameter_moves_the_automatic_edges_of_a_kept_name()
    {
        var log = new Changes.ListLoggerFactory();
        await using var h = new Harness(o => NoGroups(o) with { Loggers = log });
        var (x, y) = (new LinkResource { Name = "x" }, new LinkResource { Name = "y" });
        await h.Commit(Harness.Graph(x, y, new LinkResource { Name = "s", Seeks = ["x"] }));
        Assert.Equal(["tlink[x] -> tlink[s]"], EdgesOf(h.Engine));

        await h.Commit(Harness.Graph(x, y, new LinkResource { Name = "s", Seeks = ["y"], Reverse = true }));
        Assert.Equal(["tlink[s] -> tlink[y]"], EdgesOf(h.Engine));

        // y now offers x's identity too: the seeker of x finds both.
        var seeker = new LinkResource { Name = "s", Seeks = ["x"] };
        await h.Commit(Harness.Graph(x, new LinkResource { Name = "y", Alias = "x" }, seeker));
        Assert.Equal(["tlink[x] -> tlink[s]", "tlink[y] -> tlink[s]"], EdgesOf(h.Engine));

        // y renamed to z: its vertex and its edge go, z has no alias and gets none.
        await h.Commit(Harness.Graph(x, new LinkResource { Name = "z" }, seeker));
        Assert.Equal(["tlink[x] -> tlink[s]"], EdgesOf(h.Engine));
        Assert.DoesNotContain(h.Engine.Current!.Vertices, r => r.Name == "y");
        Assert.DoesNotContain(log.Lines, l => l.Contains("the whole graph is prepared"));
        Assert.Equal(3, h.Engine.IncrementalSwaps);
    }

    [Fact]
    public async Task Dropping_a_declared_edge_keeps_the_automatic_edge_between_the_same_two()
    {
        await using var h = new Harness(NoGroups);
        var (x, s) = (new LinkResource { Name = "x" }, new LinkResource { Name = "s", Seeks = ["x"] });
        var declared = Harness.Graph(x, s);
        declared.AddEdge(x, s, new Edge("declared", notify: true));
        await h.Commit(declared);

        await h.Commit(Harness.Graph(x, s));
        Assert.True(h.Engine.Current!.TryGetEdge(x, s, out var edge));
        Assert.Equal("tlink[x] -> tlink[s]", edge.Name);
        Assert.False(edge.Notify);
        Assert.Equal(1, h.Engine.IncrementalSwaps);
    }

    [Fact]
    public async Task A_declared_cycle_is_refused_as_before_and_the_next_swap_is_incremental_again()
    {
        await using var h = new Harness(NoGroups);
        var (a, b) = (new LinkResource { Name = "a" }, new LinkResource { Name = "b" });
        await h.Commit(Harness.Graph(a, b));
        var cyclic = Harness.Graph(a, b);
        cyclic.Connect(a, b);
        cyclic.Connect(b, a);

        var refused = await Assert.ThrowsAsync<GraphException>(() => h.Commit(cyclic));
        Assert.Contains("the graph has a cycle", refused.Message);
        Assert.Empty(EdgesOf(h.Engine));

        var ordered = Harness.Graph(a, b);
        ordered.Connect(a, b, notify: true);
        await h.Commit(ordered);
        Assert.Equal(["tlink[a] -> tlink[b]"], EdgesOf(h.Engine));
        Assert.True(h.Engine.Current!.TryGetEdge(a, b, out var edge) && edge.Notify);
        Assert.Equal(1, h.Engine.IncrementalSwaps);
    }

    [Fact]
    public async Task A_graph_with_groupable_resources_is_prepared_in_full()
    {
        await using var h = new Harness();
        var (one, two) = (new PathResource { Name = "/g1", Group = true }, new PathResource { Name = "/g2", Group = true });
        await h.Commit(Harness.Graph(one, two));
        await h.Commit(Harness.Graph(one, two, new PathResource { Name = "/g3", Group = true }));

        Assert.Equal(0, h.Engine.IncrementalSwaps);
        var leader = Assert.Single(h.Engine.Current!.Vertices);
        Assert.Equal(2, leader.GroupedMembers.Count);
    }

    private static List<string> EdgesOf(RuntimeEngine engine) =>
        [.. engine.Current!.Edges().Select(e => $"{e.From} -> {e.To}").Order(StringComparer.Ordinal)];

    /// <summary>Vertices with their parameters, and edges with their names and notify flags, sorted.</summary>
    internal static string Printout(RuntimeEngine engine)
    {
        var graph = engine.Current!;
        var vertices = graph.Vertices.Select(r => $"V {r} {string.Join(",", r.Descriptor.Params.Select(p => p.Get(r)?.ToString()))}");
        var edges = graph.Edges().Select(e => $"E {e.From} -> {e.To} # {e.Edge.Name} notify={e.Edge.Notify}");
        return string.Join("\n", vertices.Concat(edges).Order(StringComparer.Ordinal));
    }

    internal static async Task<(string? Printout, string? Refused)> FullPreparation(ResourceGraph graph)
    {
        await using var fresh = new Harness(NoGroups);
        try
        {
            await fresh.Commit(graph);
            return (Printout(fresh.Engine), null);
        }
        catch (GraphException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>The resources and declared edges of the graph under test, changed at random between swaps.</summary>
    private sealed class GraphState
    {
        private readonly SortedDictionary<string, Resource> _live = new(StringComparer.Ordinal);
        private readonly Dictionary<(string From, string To), bool> _declared = [];
        private readonly List<Dictionary<string, Resource>> _history = [];

        public void Mutate(Random random)
        {
            _history.Add(new Dictionary<string, Resource>(_live));
            var names = _live.Keys.ToList();
            switch (random.Next(7))
            {
                case 0 or 1:
                    // A resource comes or goes (a rename is one going and another coming).
                    var name = random.Next(2) == 0 ? "tpath " + PathNames[random.Next(PathNames.Length)] : "tlink " + LinkNames[random.Next(LinkNames.Length)];
                    if (!_live.Remove(name)) _live[name] = Create(name, random);
                    break;
                case 2 when names.Count > 0:
                    // The same resource as a new object.
                    var same = names[random.Next(names.Count)];
                    _live[same] = _live[same].Copy();
                    break;
                case 3 when names.Count > 0:
                    // Changed parameters under the same name.
                    var changed = names[random.Next(names.Count)];
                    _live[changed] = Create(changed, random);
                    break;
                case 4 when names.Count > 1:
                    var from = names[random.Next(names.Count)];
                    var to = names[random.Next(names.Count)];
                    if (from == to) break;
                    if (_declared.TryGetValue((from, to), out var notify) && random.Next(2) == 0) _declared.Remove((from, to));
                    else _declared[(from, to)] = !notify;
                    break;
                case 5 when _history.Count > 3:
                    // Back to an earlier graph, with the objects it had then.
                    var earlier = _history[random.Next(_history.Count)];
                    _live.Clear();
                    foreach (var (key, r) in earlier) _live[key] = r;
                    break;
            }
        }

        public void DropDeclaredEdges() => _declared.Clear();

        public ResourceGraph Build(bool copies)
        {
            var graph = new ResourceGraph { Name = "random" };
            var objects = _live.ToDictionary(kv => kv.Key, kv => copies ? kv.Value.Copy() : kv.Value);
            foreach (var r in objects.Values) graph.AddVertex(r);
            foreach (var ((from, to), notify) in _declared)
            {
                if (objects.TryGetValue(from, out var f) && objects.TryGetValue(to, out var t))
                {
                    graph.AddEdge(f, t, new Edge($"declared {from} -> {to}", notify));
                }
            }
            return graph;
        }

        private static Resource Create(string key, Random random)
        {
            var name = key[(key.IndexOf(' ') + 1)..];
            if (key.StartsWith("tpath ", StringComparison.Ordinal)) return new PathResource { Name = name, Group = random.Next(2) == 0 };
            return new LinkResource
            {
                Name = name,
                Alias = random.Next(4) == 0 ? LinkNames[random.Next(LinkNames.Length)] : "",
                Seeks = [.. Enumerable.Range(0, random.Next(3)).Select(_ => LinkNames[random.Next(LinkNames.Length)])],
                Reverse = random.Next(3) == 0,
                Value = random.Next(3),
            };
        }
    }
}
