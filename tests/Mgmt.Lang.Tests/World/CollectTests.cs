using Mgmt.Engine.Exports;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Lang.Tests.Runtime.Support;
using Mgmt.Tests.Support;
using Mgmt.World;

namespace Mgmt.Lang.Tests.World;

/// <summary>Run over the embedded world and over a real etcd (the two classes below).</summary>
public abstract class CollectTests
{
    /// <summary>The etcd member's client URL, or null for the embedded world.</summary>
    protected abstract string? EtcdUrl { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The peer exports a widget, as its engine would for <c>Meta:export</c>.</summary>
    private static Task ExportAsync(IWorld from, string name, string text, string to = "*", bool hidden = true)
    {
        var widget = new WidgetResource { Name = name, Text = text, Count = 1, Meta = MetaParams.Default with { Hidden = hidden, Export = [to] } };
        return from.ExportAsync([new ExportedResource("widget", name, from.Hostname, to, ExportCodec.Encode(widget))], Ct);
    }

    private static WidgetResource? Widget(ResourceGraph graph, string name) =>
        graph.Vertices.OfType<WidgetResource>().SingleOrDefault(v => v.Name == name);

    [Fact]
    public async Task Collect_by_name_builds_the_exported_resource_with_local_fields_over_it()
    {
        await using var p = await WorldProgram.StartAsync(EtcdUrl, """
            collect widget ["a", "b"] {
                count => 7,
                Meta:hidden => false,
            }
            """);
        Assert.Empty((await p.NextGraphAsync()).Vertices);

        await ExportAsync(p.Peer, "a", "from peer");
        var graph = await p.GraphWhereAsync(g => Widget(g, "a") is not null);
        var a = Widget(graph, "a")!;
        Assert.Equal("from peer", a.Text); // from the export
        Assert.Equal(7, a.Count); // the statement's field wins
        Assert.False(a.Meta.Hidden); // the statement's meta wins
        Assert.Empty(a.Meta.Export); // never exported again
        Assert.Null(Widget(graph, "b"));

        // A change of the export flows in; a withdrawal takes the resource away.
        await ExportAsync(p.Peer, "a", "changed");
        await p.GraphWhereAsync(g => Widget(g, "a")?.Text == "changed");
        await p.Peer.WithdrawExportsAsync([new ExportKey("widget", "a", "*")], Ct);
        await p.GraphWhereAsync(g => Widget(g, "a") is null);
    }

    [Fact]
    public async Task Exports_for_another_host_are_not_collected()
    {
        await using var p = await WorldProgram.StartAsync(EtcdUrl, """
            collect widget ["mine", "other"] { Meta:hidden => false, }
            """);
        await p.NextGraphAsync();
        await ExportAsync(p.Peer, "other", "x", to: "elsewhere");
        await ExportAsync(p.Peer, "mine", "y", to: "self");
        var graph = await p.GraphWhereAsync(g => Widget(g, "mine") is not null);
        Assert.Null(Widget(graph, "other"));
    }

    [Fact]
    public async Task Collect_res_lists_what_is_available_and_collect_takes_the_listed_pairs()
    {
        await using var p = await WorldProgram.StartAsync(EtcdUrl, """
            import "world/collect"
            import "fmt"
            $all = collect.res("widget")
            widget "listing" { text => fmt.printf("%v", $all), count => len($all), }
            collect widget $all { Meta:hidden => false, }
            """);
        await p.NextGraphAsync();
        await ExportAsync(p.Peer, "w1", "one");
        await ExportAsync(p.Self, "w2", "two");
        var graph = await p.GraphWhereAsync(g => Widget(g, "listing")!.Count == 2 && Widget(g, "w1") is not null && Widget(g, "w2") is not null);
        Assert.Contains("struct{name: \"w1\"; host: \"peer\"}", Widget(graph, "listing")!.Text);
        Assert.Contains("struct{name: \"w2\"; host: \"self\"}", Widget(graph, "listing")!.Text);
        Assert.Equal("two", Widget(graph, "w2")!.Text);
    }

    [Fact]
    public async Task A_name_and_host_pair_selects_one_exporter()
    {
        await using var p = await WorldProgram.StartAsync(EtcdUrl, """
            collect widget [struct{name => "same", host => "peer"}] { Meta:hidden => false, }
            """);
        await p.NextGraphAsync();
        await ExportAsync(p.Self, "same", "from self");
        await ExportAsync(p.Peer, "same", "from peer");
        var graph = await p.GraphWhereAsync(g => Widget(g, "same") is not null);
        Assert.Equal("from peer", Widget(graph, "same")!.Text);
    }

    [Fact]
    public async Task Collected_resources_keep_their_edges()
    {
        await using var p = await WorldProgram.StartAsync(EtcdUrl, """
            widget "before" {}
            collect widget "late" {
                Meta:hidden => false,
                Depend => Widget["before"],
            }
            """);
        await p.NextGraphAsync();
        await ExportAsync(p.Peer, "late", "x");
        var graph = await p.GraphWhereAsync(g => Widget(g, "late") is not null);
        Assert.Contains(graph.Sprint().Split('\n'), l => l.Contains("widget[before]") && l.Contains("widget[late]") && l.StartsWith("Edge", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_of_star_in_a_pair_is_refused()
    {
        await using var p = await WorldProgram.StartAsync(EtcdUrl, """
            collect widget [struct{name => "x", host => "*"}] {}
            """);
        var e = await p.FailureAsync();
        Assert.Contains("exporting host's name", e.Message);
    }

    [Fact]
    public async Task An_unreadable_export_is_reported_with_its_exporter()
    {
        await using var p = await WorldProgram.StartAsync(EtcdUrl, """
            collect widget "bad" { Meta:hidden => false, }
            """);
        await p.NextGraphAsync();
        await p.Peer.ExportAsync([new ExportedResource("widget", "bad", "peer", "*", "{not json")], Ct);
        var e = await p.FailureAsync();
        Assert.Contains("cannot collect widget[bad] exported by peer", e.Message);
    }
}

public sealed class EmbeddedCollectTests : CollectTests
{
    protected override string? EtcdUrl => null;
}

public sealed class EtcdCollectTests(EtcdMemberForTests etcd) : CollectTests, IClassFixture<EtcdMemberForTests>
{
    protected override string? EtcdUrl => etcd.ClientUrl;
}
