using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Tests.Support;

namespace Mgmt.Engine.Tests;

/// <summary>
/// A derived graph must read exactly like a graph built from scratch with the same calls, its change record must
/// say what differs from its base, and no change to it may show in the base (or in another graph derived from it).
/// A plain model (an ordered list and a set of edges) is the reference.
/// </summary>
public sealed class DigraphDeriveTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_edits_of_derived_graphs_read_like_the_model_and_never_reach_the_base(int seed)
    {
        var random = new Random(seed);
        var model = new Model();
        var graph = new Digraph<int, string>();
        for (var i = 0; i < 150; i++) model.Apply(graph, random, 200);
        var bases = new List<(Digraph<int, string> Graph, Model Snapshot)>();
        var folded = 0;
        for (var step = 0; step < 3000; step++)
        {
            if (random.Next(20) == 0)
            {
                bases.Add((graph, model.Clone()));
                // Now and then a second graph from the same base, edited on its own and then dropped.
                if (random.Next(3) == 0)
                {
                    var sibling = graph.Derive();
                    var siblingModel = model.Clone();
                    for (var k = 0; k < 20; k++) siblingModel.Apply(sibling, random, 200);
                    siblingModel.AssertReads(sibling);
                    siblingModel.AssertChanges(sibling, model);
                }
                var wasLayered = graph.IsLayered;
                graph = graph.Derive();
                if (wasLayered && !graph.IsLayered) folded++;
                Assert.True(graph.IsDerivedFrom(bases[^1].Graph));
                Assert.True(graph.Changes()!.IsEmpty);
            }
            model.Apply(graph, random, 200);
            if (step % 50 == 0) model.AssertReads(graph);
            if (bases.Count > 0 && step % 10 == 0)
            {
                var (baseGraph, snapshot) = bases[^1];
                model.AssertChanges(graph, snapshot);
                snapshot.AssertReads(baseGraph);
            }
        }
        model.AssertReads(graph);
        Assert.True(folded > 0, "no derive folded its changes into a flat graph");
        foreach (var (old, snapshot) in bases)
        {
            snapshot.AssertReads(old);
            Assert.True(old.IsFrozen);
            Assert.Throws<InvalidOperationException>(() => old.AddVertex(1000));
        }
    }

    [Fact]
    public void A_vertex_removed_and_added_again_goes_to_the_end_once()
    {
        var flat = new Digraph<string, string>();
        foreach (var v in new[] { "a", "b", "c" }) flat.AddVertex(v);
        flat.RemoveVertex("a");
        flat.AddVertex("a");
        Assert.Equal(["b", "c", "a"], flat.Vertices);

        var derived = flat.Derive();
        derived.RemoveVertex("b");
        derived.AddVertex("b");
        derived.AddEdge("b", "c", "b->c");
        Assert.Equal(["c", "a", "b"], derived.Vertices);
        Assert.Equal(["b", "c", "a"], flat.Vertices);
        Assert.Empty(flat.OutgoingOf("b"));
        var changes = derived.Changes()!;
        Assert.Empty(changes.AddedVertices);
        Assert.Empty(changes.RemovedVertices);
        Assert.Equal([("b", "c")], changes.ChangedEdges);
    }

    [Fact]
    public void A_derived_resource_graph_keeps_name_and_bindings_and_finds_its_resources()
    {
        var a = new LinkResource { Name = "a" };
        var b = new LinkResource { Name = "b" };
        var graph = new ResourceGraph { Name = "g" };
        graph.Connect(a, b);
        graph.Bindings.Add(new SendRecvBinding(a, "k", b, "value"));
        var next = graph.Derive();
        var c = new LinkResource { Name = "c" };
        next.Connect(b, c, notify: true);
        next.RemoveVertex(a);

        Assert.Equal("g", next.Name);
        Assert.Single(next.Bindings);
        Assert.Same(c, next.Find("tlink", "c"));
        Assert.Null(next.Find("tlink", "a"));
        Assert.Same(a, graph.Find("tlink", "a"));
        Assert.Equal("Vertex: tlink[b]\nVertex: tlink[c]\nEdge: tlink[b] -> tlink[c] # tlink[b] -> tlink[c]", next.Sprint());
        Assert.Equal("Vertex: tlink[a]\nVertex: tlink[b]\nEdge: tlink[a] -> tlink[b] # tlink[a] -> tlink[b]", graph.Sprint());
        Assert.Equal(["tlink[c]"], next.Changes()!.AddedVertices.Select(r => r.ToString()));
        Assert.Equal(["tlink[a]"], next.Changes()!.RemovedVertices.Select(r => r.ToString()));
        Assert.Throws<InvalidOperationException>(() => graph.Connect(a, c));
        Assert.False(next.Derive().IsDerivedFrom(graph));
    }

    /// <summary>The reference: vertices in order, edges by pair.</summary>
    private sealed class Model
    {
        private readonly List<int> _order = [];
        private readonly Dictionary<(int From, int To), string> _edges = [];

        public Model Clone()
        {
            var copy = new Model();
            copy._order.AddRange(_order);
            foreach (var (k, v) in _edges) copy._edges[k] = v;
            return copy;
        }

        public void Apply(Digraph<int, string> graph, Random random, int space)
        {
            var v = random.Next(space);
            var w = random.Next(space);
            switch (random.Next(6))
            {
                case 0:
                    Assert.Equal(!_order.Contains(v), graph.AddVertex(v));
                    if (!_order.Contains(v)) _order.Add(v);
                    break;
                case 1:
                    Assert.Equal(_order.Remove(v), graph.RemoveVertex(v));
                    foreach (var pair in _edges.Keys.Where(p => p.From == v || p.To == v).ToList()) _edges.Remove(pair);
                    break;
                case 2 or 3:
                    var edge = $"{v}->{w}#{random.Next(3)}";
                    graph.AddEdge(v, w, edge);
                    if (!_order.Contains(v)) _order.Add(v);
                    if (!_order.Contains(w)) _order.Add(w);
                    _edges[(v, w)] = edge;
                    break;
                case 4:
                    Assert.Equal(_edges.Remove((v, w)), graph.RemoveEdge(v, w));
                    break;
                default:
                    // An existing edge, to make removals hit.
                    if (_edges.Count == 0) break;
                    var (f, t) = _edges.Keys.ElementAt(random.Next(_edges.Count));
                    Assert.True(graph.RemoveEdge(f, t));
                    _edges.Remove((f, t));
                    break;
            }
        }

        public void AssertReads(Digraph<int, string> graph)
        {
            Assert.Equal(_order, graph.Vertices);
            Assert.Equal(_order.Count, graph.VertexCount);
            Assert.Equal(_edges.Count, graph.EdgeCount);
            foreach (var v in _order)
            {
                Assert.True(graph.Contains(v));
                Assert.Equal(Sorted(_edges.Where(e => e.Key.From == v).Select(e => (e.Key.To, e.Value))), Sorted(graph.OutgoingOf(v).Select(kv => (kv.Key, kv.Value))));
                Assert.Equal(Sorted(_edges.Where(e => e.Key.To == v).Select(e => (e.Key.From, e.Value))), Sorted(graph.IncomingOf(v).Select(kv => (kv.Key, kv.Value))));
            }
            Assert.Equal(Sorted(_edges.Select(e => (e.Key.From * 1000 + e.Key.To, e.Value))), Sorted(graph.Edges().Select(e => (e.From * 1000 + e.To, e.Edge))));
            for (var v = 0; v < 200; v += 7) Assert.Equal(_order.Contains(v), graph.Contains(v));
        }

        /// <summary>Checks the graph's change record against the difference between this model and <paramref name="before"/>.</summary>
        public void AssertChanges(Digraph<int, string> graph, Model? before)
        {
            if (before is null) return;
            var changes = graph.Changes()!;
            Assert.Equal(_order.Except(before._order).Order(), changes.AddedVertices.Order());
            Assert.Equal(before._order.Except(_order).Order(), changes.RemovedVertices.Order());
            var differ = _edges.Keys.Union(before._edges.Keys)
                .Where(p => _edges.GetValueOrDefault(p) != before._edges.GetValueOrDefault(p))
                .Order();
            // The record compares edge objects; equal strings built twice are different objects, so it may list more.
            var listed = changes.ChangedEdges.ToHashSet();
            Assert.All(differ, p => Assert.Contains(p, listed));
            Assert.All(listed, p => Assert.True(_edges.ContainsKey(p) || before._edges.ContainsKey(p)));
        }

        private static List<(int, string)> Sorted(IEnumerable<(int, string)> items) => [.. items.Order()];
    }
}
