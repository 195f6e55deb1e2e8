using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Tests.Support;

namespace Mgmt.Engine.Tests;

public sealed class AutoEdgeAndGroupTests
{
    [Fact]
    public async Task Files_get_an_edge_from_their_nearest_managed_directory_and_run_after_it()
    {
        await using var h = new Harness();
        var top = Path.Combine(h.Root, "top") + "/";
        var sub = Path.Combine(h.Root, "top", "sub") + "/";
        var file = Path.Combine(h.Root, "top", "sub", "deep", "f.txt");
        var sibling = Path.Combine(h.Root, "top", "g.txt");
        // Declared children first: the edges come from the paths, not the order.
        var g = Harness.Graph(
            new FileTestResource { Name = "file", Path = file, Content = "x", Journal = h.Journal.Id },
            new FileTestResource { Name = "sibling", Path = sibling, Content = "y", Journal = h.Journal.Id },
            new FileTestResource { Name = "sub", Path = sub, Journal = h.Journal.Id },
            new FileTestResource { Name = "top", Path = top, Journal = h.Journal.Id });

        await h.Commit(g);
        await h.WaitChecks("file", 1);

        Assert.Equal(
            """
            Vertex: tfile[file]
            Vertex: tfile[sibling]
            Vertex: tfile[sub]
            Vertex: tfile[top]
            Edge: tfile[sub] -> tfile[file] # tfile[sub] -> tfile[file]
            Edge: tfile[top] -> tfile[sibling] # tfile[top] -> tfile[sibling]
            Edge: tfile[top] -> tfile[sub] # tfile[top] -> tfile[sub]
            """.ReplaceLineEndings("\n"),
            h.Engine.Current!.Sprint());
        Assert.True(h.Journal.Of("top", "end")[0].At <= h.Journal.Of("sub", "start")[0].At);
        Assert.True(h.Journal.Of("sub", "end")[0].At <= h.Journal.Of("file", "start")[0].At);
    }

    [Fact]
    public async Task Automatic_edges_can_be_turned_off_globally_and_per_resource()
    {
        await using var off = new Harness(o => o with { AutoEdges = false });
        await off.Commit(Harness.Graph(new PathResource { Name = "/a/" }, new PathResource { Name = "/a/b" }));
        Assert.Equal(0, off.Engine.Current!.EdgeCount);

        await using var h = new Harness();
        var noEdges = MetaParams.Default with { AutoEdge = false };
        await h.Commit(Harness.Graph(new PathResource { Name = "/a/" }, new PathResource { Name = "/a/b", Meta = noEdges }, new PathResource { Name = "/a/c" }));
        Assert.Equal("Edge: tpath[/a/] -> tpath[/a/c] # tpath[/a/] -> tpath[/a/c]", h.Engine.Current!.Sprint().Split('\n').Single(l => l.StartsWith("Edge:")));
    }

    [Fact]
    public async Task An_automatic_edge_that_would_close_a_cycle_is_left_out()
    {
        await using var h = new Harness();
        var dir = new PathResource { Name = "/d/" };
        var file = new PathResource { Name = "/d/f" };
        var g = Harness.Graph(dir, file);
        g.Connect(file, dir); // the user wants the file first
        await h.Commit(g);
        Assert.Equal(1, h.Engine.Current!.EdgeCount);
        Assert.True(h.Engine.Current.TryGetEdge(file, dir, out _));
    }

    [Fact]
    public async Task Compatible_resources_are_grouped_and_run_by_their_leader()
    {
        await using var h = new Harness();
        // Within a kind the last name leads, as in the reference.
        var g = Harness.Graph(h.Rec("x", r => r.Group = true), h.Rec("b", r => r.Group = true), h.Rec("c", r => r.Group = true), h.Rec("alone"));
        await h.Commit(g);
        await h.WaitChecks("x", 1);
        await h.WaitChecks("alone", 1);

        Assert.Equal(["alone", "x"], h.Engine.Status().Select(s => s.Name));
        Assert.Equal(["rec[c]", "rec[b]"], h.StatusOf("x").GroupedMembers);
        Assert.Equal(1, h.Journal.Count("b", "init")); // members are initialised with their own context
        Assert.Equal(0, h.Journal.Count("b", "start")); // but never run on their own
        Assert.Equal(1, h.Journal.Count("b", "applied-by-group"));

        // A member's watch event is its group's: the leader checks again, for all of them.
        h.Journal.Event("c");
        await h.WaitChecks("x", 2);
        Assert.Equal(2, h.Journal.Count("c", "applied-by-group"));

        await h.Commit(Harness.Graph(h.Rec("alone")));
        Assert.Equal(1, h.Journal.Count("b", "cleanup"));
    }

    [Fact]
    public async Task Grouping_never_merges_resources_that_depend_on_each_other()
    {
        await using var h = new Harness();
        var a = h.Rec("a", r => r.Group = true);
        var middle = h.Rec("middle");
        var b = h.Rec("b", r => r.Group = true);
        var z = h.Rec("z", r => r.Group = true);
        var g = Harness.Graph(a, middle, b, z);
        g.Connect(a, middle);
        g.Connect(middle, b);
        await h.Commit(g);

        // z leads (last name) and takes b; a cannot join them (a -> middle -> b would become a cycle).
        var current = h.Engine.Current!;
        Assert.NotNull(current.TopologicalSort(out _));
        Assert.True(current.Contains(a) && current.Contains(z));
        Assert.Same(z, b.GroupParent);
        Assert.Null(a.GroupParent);
        await h.WaitChecks("z", 1);
        Assert.True(h.Journal.Of("middle", "end")[0].At <= h.Journal.Of("z", "start")[0].At);
    }

    [Fact]
    public async Task Grouped_edges_point_at_the_leader_and_keep_their_edge_objects()
    {
        await using var h = new Harness();
        var a = h.Rec("y", r => r.Group = true); // the last name leads
        var b = h.Rec("x", r => r.Group = true);
        var before = h.Rec("before");
        var after = h.Rec("after");
        var g = Harness.Graph(a, b, before, after);
        g.Connect(before, b, notify: true);
        g.Connect(b, after);
        g.TryGetEdge(before, b, out var notifyEdge);
        await h.Commit(g);

        var current = h.Engine.Current!;
        Assert.True(current.TryGetEdge(before, a, out var moved));
        Assert.Same(notifyEdge, moved);
        Assert.True(current.TryGetEdge(a, after, out _));
        Assert.False(current.Contains(b));
    }

    [Fact]
    public async Task A_hundred_thousand_files_autoedge_group_and_commit()
    {
        await using var h = new Harness();
        var g = new ResourceGraph();
        g.AddVertex(new PathResource { Name = "/data/" });
        for (var i = 0; i < 100_000; i++) g.AddVertex(new PathResource { Name = $"/data/file{i}", Group = i % 10 == 0 });
        await h.Commit(g);

        var current = h.Engine.Current!;
        // Every file depends on the directory; the groupable tenth (all siblings) folds into one vertex.
        Assert.Equal(100_001 - 9_999, current.VertexCount);
        Assert.Equal(current.VertexCount - 1, current.EdgeCount);
        await Harness.Eventually(() => h.Engine.Status().Count(s => s.State == Runtime.VertexState.Ok) == current.VertexCount, "every vertex to run");
    }
}
