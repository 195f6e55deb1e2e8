using Mgmt.Engine.Graph;

namespace Mgmt.Engine.Tests;

public sealed class IncrementalDagTests
{
    private static readonly Edge E = new("e");

    [Fact]
    public void A_cycle_in_the_initial_edges_is_reported()
    {
        var dag = IncrementalDag.Create(4, [(0, 1, E), (1, 2, E), (2, 1, E), (2, 3, E)], out var cycle);
        Assert.Null(dag);
        Assert.Equal([1, 2, 1], cycle);
    }

    [Fact]
    public void Edges_that_would_close_a_cycle_are_refused_and_others_reorder()
    {
        var dag = IncrementalDag.Create(4, [], out _)!;
        Assert.Equal(IncrementalDag.AddResult.Added, dag.TryAddEdge(3, 2, E));
        Assert.Equal(IncrementalDag.AddResult.Added, dag.TryAddEdge(2, 1, E));
        Assert.Equal(IncrementalDag.AddResult.Added, dag.TryAddEdge(1, 0, E));
        Assert.Equal(IncrementalDag.AddResult.WouldCycle, dag.TryAddEdge(0, 3, E));
        Assert.Equal(IncrementalDag.AddResult.AlreadyThere, dag.TryAddEdge(2, 1, E));
        Assert.True(dag.Reaches(3, 0));
        Assert.False(dag.Reaches(0, 3));
    }

    [Fact]
    public void Random_operations_agree_with_a_plain_search()
    {
        var random = new Random(1234);
        for (var round = 0; round < 50; round++)
        {
            const int n = 30;
            var dag = IncrementalDag.Create(n, [], out _)!;
            var edges = new HashSet<(int, int)>();
            var dead = new bool[n];
            for (var step = 0; step < 120; step++)
            {
                int a = random.Next(n), b = random.Next(n);
                if (dead[a] || dead[b]) continue;
                if (random.Next(6) == 0 && a != b)
                {
                    var mutual = PlainReaches(edges, a, b) || PlainReaches(edges, b, a);
                    Assert.Equal(!mutual, dag.TryContract(a, b));
                    if (!mutual)
                    {
                        dead[b] = true;
                        foreach (var (x, y) in edges.Where(e => e.Item1 == b || e.Item2 == b).ToList())
                        {
                            edges.Remove((x, y));
                            edges.Add((x == b ? a : x, y == b ? a : y));
                        }
                    }
                    continue;
                }
                var result = dag.TryAddEdge(a, b, E);
                var expected = a == b || PlainReaches(edges, b, a)
                    ? IncrementalDag.AddResult.WouldCycle
                    : edges.Contains((a, b)) ? IncrementalDag.AddResult.AlreadyThere : IncrementalDag.AddResult.Added;
                Assert.Equal(expected, result);
                if (result == IncrementalDag.AddResult.Added) edges.Add((a, b));
            }
            Assert.Equal(edges.OrderBy(e => e).ToList(), dag.Edges().Select(e => (e.From, e.To)).OrderBy(e => e).ToList());
            for (var a = 0; a < n; a++)
            {
                for (var b = 0; b < n; b++)
                {
                    if (!dead[a] && !dead[b] && a != b) Assert.Equal(PlainReaches(edges, a, b), dag.Reaches(a, b));
                }
            }
        }
    }

    private static bool PlainReaches(HashSet<(int, int)> edges, int from, int to)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>([from]);
        while (stack.Count > 0)
        {
            foreach (var (x, y) in edges)
            {
                if (x != stack.Peek()) continue;
                if (y == to) return true;
            }
            var v = stack.Pop();
            foreach (var (x, y) in edges)
            {
                if (x == v && seen.Add(y)) stack.Push(y);
            }
        }
        return false;
    }
}
