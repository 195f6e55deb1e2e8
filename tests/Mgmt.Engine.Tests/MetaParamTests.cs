using System.Diagnostics;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;
using Mgmt.Engine.Tests.Support;

namespace Mgmt.Engine.Tests;

public sealed class MetaParamTests
{
    [Fact]
    public async Task Timeout_cancels_a_slow_CheckApply_and_counts_as_an_error()
    {
        await using var h = new Harness();
        await h.Commit(Harness.Graph(h.Rec("slow", r => r.SleepMs = 30_000, MetaParams.Default with { Timeout = 100 })));
        await Harness.Eventually(() => h.EventsOf("slow").Any(e => e.Type == ResourceEventType.FailedPermanently), "the timeout to fail the resource");
        Assert.Contains("Meta:timeout (100 ms)", h.EventsOf("slow").First(e => e.Type == ResourceEventType.FailedPermanently).Error!.Message);
    }

    [Fact]
    public async Task Poll_replaces_the_watch_with_a_timer()
    {
        await using var h = new Harness();
        await h.Commit(Harness.Graph(h.Rec("polled", meta: MetaParams.Default with { Poll = 1 })));
        await h.WaitChecks("polled", 2); // the first check, then at least one poll
        Assert.Equal(0, h.Journal.Count("polled", "watch"));
    }

    [Fact]
    public async Task Poll_minus_one_runs_once_and_never_watches()
    {
        await using var h = new Harness();
        await h.Commit(Harness.Graph(h.Rec("once", meta: MetaParams.Default with { Poll = -1 })));
        await h.WaitChecks("once", 1);
        await Harness.Never(() => h.Journal.Count("once", "start") > 1 || h.Journal.Count("once", "watch") > 0, "a run-once resource watched or ran again");
    }

    [Fact]
    public async Task Limit_and_burst_space_out_CheckApply_runs()
    {
        await using var h = new Harness();
        await h.Commit(Harness.Graph(h.Rec("limited", meta: MetaParams.Default with { Limit = 5, Burst = 1 })));
        await h.WaitChecks("limited", 1);
        for (var i = 0; i < 3; i++)
        {
            h.Journal.Event("limited");
            await h.WaitChecks("limited", i + 2);
        }
        var starts = h.Journal.Of("limited", "start").Select(e => e.At).ToList();
        for (var i = 1; i < starts.Count; i++)
        {
            // 5 per second with a bucket of one: run i cannot start before i * 200 ms after the first (a lower
            // bound, not a speed; counted from the first run, which waited for no token).
            var since = (starts[i] - starts[0]) / (double)Stopwatch.Frequency;
            Assert.True(since >= 0.2 * i - 0.02, $"run {i + 1} started only {since * 1000:0} ms after the first");
        }
    }

    [Fact]
    public async Task A_counting_semaphore_lets_at_most_N_resources_apply_at_once()
    {
        await using var h = new Harness();
        var meta = MetaParams.Default with { Sema = ["pool:2"] };
        var resources = Enumerable.Range(0, 6).Select(i => h.Rec($"s{i}", r => r.SleepMs = 80, meta)).ToArray();
        await h.Commit(Harness.Graph(resources));
        foreach (var r in resources) await h.WaitChecks(r.Name, 1);
        Assert.Equal(2, h.Journal.MaxConcurrency());
    }

    [Fact]
    public async Task The_engine_wide_sema_limits_every_resource()
    {
        await using var h = new Harness(o => o with { Sema = 1 });
        var resources = Enumerable.Range(0, 4).Select(i => h.Rec($"s{i}", r => r.SleepMs = 50)).ToArray();
        await h.Commit(Harness.Graph(resources));
        foreach (var r in resources) await h.WaitChecks(r.Name, 1);
        Assert.Equal(1, h.Journal.MaxConcurrency());
        Assert.Contains(":1", h.Engine.Current!.Vertices[0].Meta.Sema);
    }

    [Fact]
    public async Task Two_semaphores_taken_in_opposite_declared_orders_do_not_deadlock()
    {
        await using var h = new Harness();
        var resources = Enumerable.Range(0, 10)
            .Select(i => h.Rec($"d{i}", r => r.SleepMs = 10, MetaParams.Default with { Sema = i % 2 == 0 ? ["alpha", "beta"] : ["beta", "alpha"] }))
            .ToArray();
        await h.Commit(Harness.Graph(resources));
        foreach (var r in resources) await h.WaitChecks(r.Name, 1);
        Assert.Equal(1, h.Journal.MaxConcurrency());
    }

    [Fact]
    public async Task Noop_reports_the_change_but_does_not_touch_the_file()
    {
        await using var h = new Harness(o => o with { Noop = true });
        var path = Path.Combine(h.Root, "never.txt");
        await h.Commit(Harness.Graph(new FileTestResource { Name = path, Path = path, Content = "x" }));
        await Harness.Eventually(() => h.Events.Any(e => e.Type == ResourceEventType.Changed), "a would-change report");
        Assert.False(h.Events.Single(e => e.Type == ResourceEventType.Changed).CheckOk);
        Assert.False(File.Exists(path));
        Assert.True(h.Engine.Current!.Vertices[0].Meta.Noop);
    }

    [Fact]
    public async Task Meta_noop_applies_to_one_resource_only()
    {
        await using var h = new Harness();
        var quiet = Path.Combine(h.Root, "quiet.txt");
        var real = Path.Combine(h.Root, "real.txt");
        await h.Commit(Harness.Graph(
            new FileTestResource { Name = quiet, Path = quiet, Content = "x", Meta = MetaParams.Default with { Noop = true } },
            new FileTestResource { Name = real, Path = real, Content = "x" }));
        await Harness.Eventually(() => File.Exists(real), "the real file");
        await Harness.Never(() => File.Exists(quiet), "the noop file was written");
    }

    [Fact]
    public async Task A_hidden_resource_is_never_started_but_orders_and_receives()
    {
        await using var h = new Harness();
        var sender = h.Rec("sender", r => r.SendText = "hi");
        var hidden = h.Rec("hidden", r => r.Invalid = true, MetaParams.Default with { Hidden = true }); // not validated
        var after = h.Rec("after");
        var g = Harness.Graph(sender, hidden, after);
        g.Connect(hidden, after);
        g.Bindings.Add(new(sender, "out", hidden, "value"));

        await h.Commit(g);
        await h.WaitChecks("after", 1);
        await Harness.Eventually(() => hidden.Value == "hi", "the hidden resource to receive");
        Assert.Equal(0, h.Journal.Count("hidden", "init"));
        Assert.Equal(0, h.Journal.Count("hidden", "watch"));
        Assert.Equal(0, h.Journal.Count("hidden", "start"));
        Assert.Equal(VertexState.Hidden, h.StatusOf("hidden").State);
    }

    [Fact]
    public async Task A_hidden_resource_may_share_kind_and_name_with_a_visible_one()
    {
        await using var h = new Harness();
        await h.Commit(Harness.Graph(h.Rec("twin"), h.Rec("twin", meta: MetaParams.Default with { Hidden = true })));
        await h.WaitChecks("twin", 1);
        Assert.Equal(2, h.Engine.Status().Count);
    }

    [Fact]
    public async Task A_name_starting_with_a_dollar_needs_Meta_dollar()
    {
        await using var h = new Harness();
        var e = await Assert.ThrowsAsync<GraphException>(() => h.Commit(Harness.Graph(h.Rec("$name"))));
        Assert.StartsWith("rec[$name]: the name starts with '$'", e.Message);
        Assert.Contains("Meta:dollar", e.Message);

        await h.Commit(Harness.Graph(h.Rec("$name", meta: MetaParams.Default with { Dollar = true })));
        await h.WaitChecks("$name", 1);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Realize_runs_a_resource_once_before_it_is_removed(bool realize)
    {
        await using var h = new Harness();
        var slow = h.Rec("slow", r => r.SleepMs = 300);
        var child = h.Rec("child", meta: MetaParams.Default with { Realize = realize });
        var g = Harness.Graph(slow, child);
        g.Connect(slow, child);
        await h.Commit(g);
        await Harness.Eventually(() => h.Journal.Count("slow", "start") == 1, "slow to start");

        // The child leaves before its parent is done: with Meta:realize it still gets its one run, first.
        await h.Commit(Harness.Graph(h.Rec("slow", r => r.SleepMs = 300)));
        Assert.Equal(realize ? 1 : 0, h.Journal.Count("child", "end"));
        Assert.Equal(1, h.Journal.Count("child", "cleanup"));
        if (realize) Assert.True(h.Journal.Of("child", "end")[0].At <= h.Journal.Of("child", "cleanup")[0].At);
        await Harness.Never(() => h.Journal.Count("child", "start") > (realize ? 1 : 0), "the removed child ran");
    }

    [Fact]
    public async Task Invalid_meta_params_refuse_the_graph()
    {
        await using var h = new Harness();
        var e = await Assert.ThrowsAsync<GraphException>(() => h.Commit(Harness.Graph(h.Rec("r", meta: MetaParams.Default with { Limit = 3 }))));
        Assert.Equal("rec[r]: Meta:limit needs Meta:burst of at least 1 (the size of the rate limiter's bucket)", e.Message);
    }
}
