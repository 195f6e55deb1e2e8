using Mgmt.Engine.Graph;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Tests.Runtime.Support;
using Mgmt.Tests.Support;
using Mgmt.World;

namespace Mgmt.Lang.Tests.World;

/// <summary>Run over the embedded world and over a real etcd (the two classes below).</summary>
public abstract class WorldFunctionTests
{
    /// <summary>The etcd member's client URL, or null for the embedded world.</summary>
    protected abstract string? EtcdUrl { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static WidgetResource Widget(ResourceGraph graph, string name) =>
        (WidgetResource)graph.Vertices.Single(v => v.Kind == "widget" && v.Name == name);

    [Fact]
    public async Task Getval_follows_a_shared_key_from_unset_to_set()
    {
        await using var p = await WorldProgram.StartAsync(EtcdUrl, """
            import "world"
            $v = world.getval("greeting")
            widget "w" { text => $v->value, flag => $v->exists, }
            """);
        var first = Widget(await p.NextGraphAsync(), "w");
        Assert.False(first.Flag);
        Assert.Equal("", first.Text);

        await p.Peer.SetStringAsync("greeting", "hello", Ct);
        var next = Widget(await p.GraphWhereAsync(g => Widget(g, "w").Flag), "w");
        Assert.Equal("hello", next.Text);
    }

    [Fact]
    public async Task Kvlookup_gives_every_hosts_entry_and_drops_a_host_that_leaves()
    {
        await using var p = await WorldProgram.StartAsync(EtcdUrl, """
            import "world"
            import "fmt"
            $m = world.kvlookup("pool")
            widget "w" { text => fmt.printf("%v", $m), count => len($m), }
            """);
        await p.Self.SetMapValueAsync("pool", "mine", Ct);
        await p.Peer.SetMapValueAsync("pool", "theirs", Ct);
        var both = Widget(await p.GraphWhereAsync(g => Widget(g, "w").Count == 2), "w");
        Assert.Equal("{\"peer\": \"theirs\", \"self\": \"mine\"}", both.Text);

        await p.Peer.DisposeAsync(); // the peer stops cleanly: its entries go with its session
        Widget(await p.GraphWhereAsync(g => Widget(g, "w").Count == 1), "w");
    }

    [Fact]
    public async Task Schedule_lists_the_elected_hosts_as_candidates_come_and_go()
    {
        await using var p = await WorldProgram.StartAsync(EtcdUrl, """
            import "world"
            import "fmt"
            widget "w" { text => fmt.printf("%v", world.schedule("jobs")), }
            """);
        Assert.Equal("[]", Widget(await p.NextGraphAsync(), "w").Text);
        await p.Peer.JoinScheduleAsync("jobs", new ScheduleOptions { Max = 2 }, Ct);
        await p.Self.JoinScheduleAsync("jobs", new ScheduleOptions { Max = 2 }, Ct);
        await p.GraphWhereAsync(g => Widget(g, "w").Text == "[\"peer\", \"self\"]");
        await p.Peer.LeaveScheduleAsync("jobs", Ct);
        await p.GraphWhereAsync(g => Widget(g, "w").Text == "[\"self\"]");
    }

    [Fact]
    public async Task A_key_the_world_cannot_hold_stops_the_program_with_the_reason()
    {
        await using var p = await WorldProgram.StartAsync(EtcdUrl, """
            import "world"
            $v = world.getval("a//b")
            widget "w" { text => $v->value, }
            """);
        var e = await p.FailureAsync();
        Assert.Contains("world.getval", e.Message);
        Assert.Contains("empty part", e.Message); // a string key may hold '/' between parts, as json:edit's keys do
    }

    [Fact]
    public async Task A_key_with_slashes_between_parts_is_read()
    {
        await using var p = await WorldProgram.StartAsync(EtcdUrl, """
            import "world"
            $v = world.getval("examples/json-edit")
            widget "w" { text => $v->value, }
            """);
        var graph = await p.NextGraphAsync();
        Assert.Single(graph.Vertices);
    }
}

public sealed class EmbeddedWorldFunctionTests : WorldFunctionTests
{
    protected override string? EtcdUrl => null;
}

public sealed class EtcdWorldFunctionTests(EtcdMemberForTests etcd) : WorldFunctionTests, IClassFixture<EtcdMemberForTests>
{
    protected override string? EtcdUrl => etcd.ClientUrl;
}

public sealed class WorldFunctionWithoutWorldTests
{
    [Fact]
    public async Task Without_a_world_the_program_says_what_is_missing()
    {
        await using var h = RuntimeHarness.Start("""
            import "world"
            $v = world.getval("k")
            widget "w" { text => $v->value, }
            """);
        var e = await h.FailureAsync();
        Assert.Contains("runs without one", e.Message);
    }
}
