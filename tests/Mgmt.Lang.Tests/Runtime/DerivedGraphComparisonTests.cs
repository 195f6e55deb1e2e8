using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Lang.Interpret;
using Mgmt.Lang.Tests.Runtime.Support;

namespace Mgmt.Lang.Tests.Runtime;

/// <summary>
/// The runtime's comparison of a derived graph with the graph it derives from, which works from the record of
/// changes: an object swapped for an equal one is the same graph; a different one, or a changed edge, is not.
/// </summary>
public sealed class DerivedGraphComparisonTests
{
    private static WidgetResource Widget(string name, long count) => new() { Name = name, Count = count, Text = "t" };

    private static (ResourceGraph Graph, WidgetResource A, WidgetResource B) Base()
    {
        var graph = new ResourceGraph();
        var (a, b) = (Widget("a", 1), Widget("b", 2));
        graph.AddVertex(a);
        graph.AddVertex(b);
        graph.Connect(a, b);
        return (graph, a, b);
    }

    private static ResourceGraph Swapped(ResourceGraph graph, Resource old, Resource now, bool notify = false)
    {
        var next = graph.Derive();
        next.RemoveVertex(old);
        next.AddVertex(now);
        next.Connect(now, next.Find("widget", "b")!, notify);
        return next;
    }

    [Fact]
    public void AnUnchangedDerivedGraphIsTheSame()
    {
        var (graph, _, _) = Base();
        Assert.True(ResourceGraphComparer.Same(graph, graph.Derive()));
    }

    [Fact]
    public void AnObjectSwappedForAnEqualOneIsTheSame()
    {
        var (graph, a, _) = Base();
        Assert.True(ResourceGraphComparer.Same(graph, Swapped(graph, a, Widget("a", 1))));
    }

    [Fact]
    public void AnObjectSwappedForADifferentOneDiffers()
    {
        var (graph, a, _) = Base();
        Assert.False(ResourceGraphComparer.Same(graph, Swapped(graph, a, Widget("a", 5))));
    }

    [Fact]
    public void AChangedEdgeDiffers()
    {
        var (graph, a, _) = Base();
        Assert.False(ResourceGraphComparer.Same(graph, Swapped(graph, a, Widget("a", 1), notify: true)));
        var removed = graph.Derive();
        removed.RemoveEdge(a, removed.Find("widget", "b")!);
        Assert.False(ResourceGraphComparer.Same(graph, removed));
    }
}
