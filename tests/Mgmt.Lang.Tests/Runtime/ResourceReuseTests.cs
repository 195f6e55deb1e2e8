using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Lang.Tests.Runtime.Support;
using static Mgmt.Lang.Tests.Runtime.Support.RuntimeHarness;

namespace Mgmt.Lang.Tests.Runtime;

/// <summary>
/// A resource whose statement gets the same values as last time is handed out as the same object (the engine then
/// keeps it after one lookup); anything that changes the resource, or an object the engine writes into, is new.
/// </summary>
public sealed class ResourceReuseTests
{
    private static Resource Get(ResourceGraph graph, string kind, string name) =>
        graph.Find(kind, name) ?? throw new Xunit.Sdk.XunitException($"{kind}[{name}] is not in the graph");

    [Fact]
    public async Task AnUnchangedResourceIsTheSameObjectAndAChangedOneIsNew()
    {
        await using var h = Start("""
            import "fake"
            $n = fake.number("n")
            widget "stable" {
            	text => "fixed",
            }
            widget "changing" {
            	count => $n,
            }
            widget ["l1", "l2"] {
            	flag => true,
            }
            """);
        h.Sources.Push("n", 1);
        var first = await h.NextGraphAsync();
        h.Sources.Push("n", 2);
        var second = await h.NextGraphAsync();
        Assert.Same(Get(first, "widget", "stable"), Get(second, "widget", "stable"));
        Assert.Same(Get(first, "widget", "l1"), Get(second, "widget", "l1"));
        Assert.Same(Get(first, "widget", "l2"), Get(second, "widget", "l2"));
        Assert.NotSame(Get(first, "widget", "changing"), Get(second, "widget", "changing"));
        Assert.Equal(1, ((WidgetResource)Get(first, "widget", "changing")).Count);
        Assert.Equal(2, ((WidgetResource)Get(second, "widget", "changing")).Count);
    }

    [Fact]
    public async Task AValueThatComesBackMakesANewEqualObject()
    {
        await using var h = Start("""
            import "fake"
            $n = fake.number("n")
            widget "w" {
            	count => $n,
            }
            """);
        h.Sources.Push("n", 1);
        var first = Get(await h.NextGraphAsync(), "widget", "w");
        h.Sources.Push("n", 2);
        await h.NextGraphAsync();
        h.Sources.Push("n", 1);
        var third = Get(await h.NextGraphAsync(), "widget", "w");
        // Only the last table is remembered: the object handed out two graphs ago may be gone from the engine.
        Assert.NotSame(first, third);
        Assert.True(first.SameAs(third));
    }

    [Fact]
    public async Task AMetaParameterOrAConditionChangeMakesANewObject()
    {
        await using var h = Start("""
            import "fake"
            $t = fake.truth("t")
            $n = fake.number("n")
            widget "meta" {
            	Meta:noop => $t,
            }
            widget "elvis" {
            	text => $t ?: "on",
            }
            widget "other" {
            	count => $n,
            }
            """);
        h.Sources.Push("t", false);
        h.Sources.Push("n", 1);
        var first = await h.NextGraphAsync();
        while (((WidgetResource)Get(first, "widget", "other")).Count != 1) first = await h.NextGraphAsync();
        h.Sources.Push("t", true);
        var second = await h.NextGraphAsync();
        Assert.NotSame(Get(first, "widget", "meta"), Get(second, "widget", "meta"));
        Assert.True(Get(second, "widget", "meta").Meta.Noop);
        Assert.NotSame(Get(first, "widget", "elvis"), Get(second, "widget", "elvis"));
        Assert.Null(((WidgetResource)Get(first, "widget", "elvis")).Text);
        Assert.Equal("on", ((WidgetResource)Get(second, "widget", "elvis")).Text);
        Assert.Same(Get(first, "widget", "other"), Get(second, "widget", "other"));
    }

    [Fact]
    public async Task AnEdgeThatComesOrGoesStillYieldsANewGraphWithTheSameObjects()
    {
        await using var h = Start("""
            import "fake"
            $t = fake.truth("t")
            widget "a" {
            	Before => $t ?: Widget["b"],
            }
            widget "b" {}
            widget "c" {}
            if $t {
            	Widget["b"] -> Widget["c"]
            }
            """);
        h.Sources.Push("t", false);
        var without = await h.NextGraphAsync();
        h.Sources.Push("t", true);
        var with = await h.NextGraphAsync();
        h.Sources.Push("t", false);
        var withoutAgain = await h.NextGraphAsync();
        Assert.Equal(0, without.EdgeCount);
        Assert.Equal(2, with.EdgeCount);
        Assert.Equal(0, withoutAgain.EdgeCount);
        foreach (var name in new[] { "a", "b", "c" })
        {
            Assert.Same(Get(without, "widget", name), Get(with, "widget", name));
            Assert.Same(Get(with, "widget", name), Get(withoutAgain, "widget", name));
        }
    }

    [Fact]
    public async Task SendRecvEndsAndGroupableKindsAreNeverReused()
    {
        await using var h = Start("""
            import "fake"
            $n = fake.number("n")
            widget "sender" {}
            widget "receiver" {}
            Widget["sender"].out -> Widget["receiver"].text
            bundle "grouped" {
            	size => 3,
            }
            bundle "alone" {
            	size => 4,
            	Meta:autogroup => false,
            }
            widget "plain" {}
            widget "tick" {
            	count => $n,
            }
            """);
        h.Sources.Push("n", 1);
        var first = await h.NextGraphAsync();
        h.Sources.Push("n", 2);
        var second = await h.NextGraphAsync();
        Assert.NotSame(Get(first, "widget", "sender"), Get(second, "widget", "sender"));
        Assert.NotSame(Get(first, "widget", "receiver"), Get(second, "widget", "receiver"));
        Assert.NotSame(Get(first, "bundle", "grouped"), Get(second, "bundle", "grouped"));
        Assert.Same(Get(first, "bundle", "alone"), Get(second, "bundle", "alone"));
        Assert.Same(Get(first, "widget", "plain"), Get(second, "widget", "plain"));
        Assert.Single(second.Bindings);
        Assert.Same(Get(second, "widget", "receiver"), second.Bindings[0].Receiver);
    }

    [Fact]
    public async Task AResourceThatStartsReceivingIsNoLongerTheRememberedObject()
    {
        await using var h = Start("""
            import "fake"
            $t = fake.truth("t")
            widget "sender" {}
            widget "receiver" {}
            if $t {
            	Widget["sender"].out -> Widget["receiver"].text
            }
            """);
        h.Sources.Push("t", false);
        var first = await h.NextGraphAsync();
        h.Sources.Push("t", true);
        var second = await h.NextGraphAsync();
        Assert.NotSame(Get(first, "widget", "receiver"), Get(second, "widget", "receiver"));
        Assert.NotSame(Get(first, "widget", "sender"), Get(second, "widget", "sender"));
        h.Sources.Push("t", false);
        var third = await h.NextGraphAsync();
        Assert.NotSame(Get(second, "widget", "receiver"), Get(third, "widget", "receiver"));
        Assert.Empty(third.Bindings);
    }

    [Fact]
    public async Task AnInvalidChangeIsStillRefusedAfterReuse()
    {
        await using var h = Start("""
            import "fake"
            $s = fake.text("s")
            widget "w" {
            	text => $s,
            }
            widget "x" {}
            """);
        h.Sources.Push("s", "fine");
        var first = await h.NextGraphAsync();
        h.Sources.Push("s", "invalid");
        var error = await h.FailureAsync();
        Assert.Contains("text may not be \"invalid\"", error.Message);
        Assert.NotNull(first.Find("widget", "x"));
    }
}
