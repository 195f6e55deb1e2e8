using System.Diagnostics;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Tests.Support;

namespace Mgmt.Engine.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Shutdown_lets_a_running_CheckApply_finish_then_cleans_everything_up()
    {
        await using var h = new Harness();
        var slow = h.Rec("slow", r => r.SleepMs = 200);
        var idle = h.Rec("idle");
        await h.Commit(Harness.Graph(slow, idle));
        await Harness.Eventually(() => h.Journal.Count("slow", "start") == 1, "slow to start");
        // The idle resource's watch must be running too, or there is no watch for the shutdown to stop.
        await Harness.Eventually(() => h.Journal.Count("idle", "watch") == 1, "idle to watch");

        await h.Engine.ShutdownAsync();
        Assert.Equal(1, h.Journal.Count("slow", "end"));
        Assert.True(h.Journal.Of("slow", "end")[0].At <= h.Journal.Of("slow", "cleanup")[0].At);
        Assert.Equal(1, h.Journal.Count("idle", "cleanup"));
        Assert.Equal(1, h.Journal.Count("idle", "unwatch"));
        Assert.Empty(h.Engine.Status());
        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Commit(Harness.Graph()));
    }

    [Fact]
    public async Task Soft_interrupt_cancels_a_long_CheckApply()
    {
        await using var h = new Harness();
        await h.Commit(Harness.Graph(h.Rec("long", r => r.SleepMs = 60_000)));
        await Harness.Eventually(() => h.Journal.Count("long", "start") == 1, "long to start");

        var shutdown = h.Engine.ShutdownAsync();
        await Harness.Never(() => shutdown.IsCompleted, "shutdown did not wait for the running CheckApply", 200);
        h.Engine.SoftInterrupt();
        await shutdown.WaitAsync(Harness.Patience, TestContext.Current.CancellationToken);
        Assert.Equal(1, h.Journal.Count("long", "cleanup"));
        Assert.DoesNotContain(h.EventsOf("long"), e => e.Type is Runtime.ResourceEventType.Failed or Runtime.ResourceEventType.FailedPermanently);
    }

    [Fact]
    public async Task Hard_interrupt_kills_a_process_that_ignores_cancellation()
    {
        await using var h = new Harness();
        var sleeper = new SleepResource { Name = "sleeper", Seconds = 600, Stubborn = true, Journal = h.Journal.Id };
        await h.Commit(Harness.Graph(sleeper));
        await Harness.Eventually(() => h.Journal.Count("sleeper", "start") == 1, "sleep to start");

        var shutdown = h.Engine.ShutdownAsync();
        h.Engine.SoftInterrupt();
        await Harness.Never(() => shutdown.IsCompleted, "a stubborn process stopped on cancellation", 200);
        h.Engine.HardInterrupt();
        await shutdown.WaitAsync(Harness.Patience, TestContext.Current.CancellationToken);
        Assert.NotEqual("0", h.Journal.Of("sleeper", "end").Single().Detail); // killed, not finished
    }

    [Fact]
    public async Task Independent_processes_run_at_the_same_time()
    {
        await using var h = new Harness();
        var sleepers = Enumerable.Range(0, 3).Select(i => new SleepResource { Name = $"s{i}", Seconds = 1, Journal = h.Journal.Id }).ToArray();
        await h.Commit(Harness.Graph(sleepers));
        foreach (var s in sleepers) await h.WaitChecks(s.Name, 1);
        Assert.Equal(3, h.Journal.MaxConcurrency());
    }

    [Fact]
    public async Task The_graphviz_output_names_vertices_and_dashes_notify_edges()
    {
        await using var h = new Harness();
        var a = h.Rec("a \"quoted\"");
        var b = h.Rec("b", r => r.Group = true);
        var c = h.Rec("c", r => r.Group = true);
        var g = Harness.Graph(a, b, c);
        g.Connect(a, b, notify: true);
        g.Name = "demo";
        await h.Commit(g);

        var text = new StringWriter();
        GraphvizWriter.Write(h.Engine.Current!, text);
        var dot = text.ToString();
        Assert.StartsWith("digraph \"demo\" {", dot);
        Assert.Contains("\"rec[a \\\"quoted\\\"]\" [label=\"rec[a \\\"quoted\\\"]\"];", dot);
        Assert.Contains("\"rec[c]\" [label=\"rec[c]\\n+ rec[b]\"];", dot);
        Assert.Contains("\"rec[a \\\"quoted\\\"]\" -> \"rec[c]\" [label=\"rec[a \\\"quoted\\\"] -> rec[b]\", style=dashed];", dot);
        Assert.EndsWith("}\n", dot);
    }
}
