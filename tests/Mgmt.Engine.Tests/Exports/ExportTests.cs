using Mgmt.Engine.Exports;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;
using Mgmt.Engine.Tests.Support;

namespace Mgmt.Engine.Tests.Exports;

public sealed class ExportTests
{
    private static MetaParams ExportTo(params string[] hosts) => MetaParams.Default with { Export = hosts };

    private static (Harness Harness, MemoryExportStore Store) Start(int? sema = null)
    {
        MemoryExportStore? store = null;
        var h = new Harness(o =>
        {
            store = new MemoryExportStore();
            return o with { Exports = store, Sema = sema };
        });
        store!.Journal = h.Journal;
        return (h, store);
    }

    [Fact]
    public async Task An_exported_resource_is_published_after_its_check_and_after_its_parents()
    {
        var (h, store) = Start();
        await using var _ = h;
        var parent = h.Rec("parent", r => r.SleepMs = 200);
        var child = h.Rec("child", r => r.Value = "v1", ExportTo("*", "b"));
        var g = Harness.Graph(parent, child);
        g.Connect(parent, child);
        await h.Commit(g);
        await Harness.Eventually(() => store.Stored.Count == 2, "both exports of child");

        var payload = store.Stored[new ExportAddress("rec", "child", "*")];
        var decoded = (RecorderResource)ExportCodec.Decode(payload, new ResourceRegistry().Register<RecorderResource>());
        Assert.Equal("v1", decoded.Value);
        Assert.Equal(["*", "b"], decoded.Meta.Export);
        var order = h.Journal.Entries.Select(e => $"{e.Resource}:{e.What}").ToList();
        var publish = order.IndexOf("child:publish");
        Assert.True(order.IndexOf("parent:end") < order.IndexOf("child:end") && order.IndexOf("child:end") < publish,
            $"the export must follow the parent's and the resource's own check: {string.Join(" ", order)}");
        Assert.False(store.Overlapped);
    }

    [Fact]
    public async Task A_hidden_resource_is_exported_without_being_checked()
    {
        var (h, store) = Start();
        await using var _ = h;
        await h.Commit(Harness.Graph(h.Rec("ghost", meta: ExportTo("*") with { Hidden = true })));
        await Harness.Eventually(() => store.Stored.ContainsKey(new ExportAddress("rec", "ghost", "*")), "the hidden export");
        Assert.Equal(0, h.Journal.Count("ghost", "start"));
    }

    [Fact]
    public async Task Unchanged_exports_are_not_written_again_and_changed_ones_are()
    {
        var (h, store) = Start();
        await using var _ = h;
        await h.Commit(Harness.Graph(h.Rec("r", r => r.Value = "one", ExportTo("*"))));
        await Harness.Eventually(() => store.Publishes == 1, "the first publish");
        h.Journal.Event("r");
        await h.WaitChecks("r", 2);
        await h.Commit(Harness.Graph(h.Rec("r", r => r.Value = "one", ExportTo("*"))));
        await Harness.Never(() => store.Publishes != 1, "an unchanged export was written again");

        await h.Commit(Harness.Graph(h.Rec("r", r => r.Value = "two", ExportTo("*"))));
        await Harness.Eventually(() => store.Publishes == 2, "the changed export");
        Assert.Contains("\"two\"", store.Stored[new ExportAddress("rec", "r", "*")]);
    }

    [Fact]
    public async Task Exports_of_removed_resources_and_dropped_targets_are_withdrawn()
    {
        var (h, store) = Start();
        await using var _ = h;
        await h.Commit(Harness.Graph(h.Rec("a", meta: ExportTo("*", "h1")), h.Rec("b", meta: ExportTo("h2"))));
        await Harness.Eventually(() => store.Stored.Count == 3, "three exports");

        await h.Commit(Harness.Graph(h.Rec("a", meta: ExportTo("h1"))));
        await Harness.Eventually(() => store.Stored.Count == 1, "the removed ones to be withdrawn");
        Assert.True(store.Stored.ContainsKey(new ExportAddress("rec", "a", "h1")));
        Assert.False(store.Overlapped);
    }

    [Fact]
    public async Task The_semaphore_of_sema_stays_on_this_host()
    {
        var (h, store) = Start(sema: 2);
        await using var _ = h;
        await h.Commit(Harness.Graph(h.Rec("r", meta: ExportTo("*") with { Sema = ["db"] })));
        await Harness.Eventually(() => store.Stored.Count == 1, "the export");
        var exported = ExportCodec.Decode(store.Stored.Values.Single(), new ResourceRegistry().Register<RecorderResource>());
        Assert.Equal(["db"], exported.Meta.Sema);
    }

    [Fact]
    public async Task Noop_exports_nothing()
    {
        var (h, store) = Start();
        await using var _ = h;
        await h.Commit(Harness.Graph(h.Rec("quiet", meta: ExportTo("*") with { Noop = true })));
        await h.WaitChecks("quiet", 1);
        await Harness.Never(() => store.Publishes > 0, "a noop resource was exported");
    }

    [Fact]
    public async Task A_failed_export_fails_the_resource_and_is_retried()
    {
        var (h, store) = Start();
        await using var _ = h;
        store.FailWith = "the store is down";
        await h.Commit(Harness.Graph(h.Rec("r", meta: ExportTo("*") with { Retry = -1, Delay = 20 })));
        await Harness.Eventually(() => h.EventsOf("r").Any(e => e.Type == ResourceEventType.Failed), "the export failure");
        Assert.Contains("exporting failed: the store is down", h.EventsOf("r").First(e => e.Type == ResourceEventType.Failed).Error!.Message);
        store.FailWith = null;
        await Harness.Eventually(() => store.Stored.Count == 1, "the retried export");
    }

    [Fact]
    public async Task Withdrawals_that_fail_are_retried_in_the_background()
    {
        var (h, store) = Start();
        await using var _ = h;
        await h.Commit(Harness.Graph(h.Rec("gone", meta: ExportTo("*"))));
        await Harness.Eventually(() => store.Stored.Count == 1, "the export");
        store.FailWith = "the store is down";
        await h.Commit(Harness.Graph());
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.Single(store.Stored);
        store.FailWith = null;
        await Harness.Eventually(() => store.Stored.Count == 0, "the withdrawal to be retried");
    }

    [Fact]
    public async Task Without_a_store_an_export_fails_with_a_clear_message()
    {
        await using var h = new Harness();
        await h.Commit(Harness.Graph(h.Rec("lonely", meta: ExportTo("*"))));
        await Harness.Eventually(() => h.EventsOf("lonely").Any(e => e.Type == ResourceEventType.FailedPermanently), "the failure");
        Assert.Contains("needs a cluster store", h.EventsOf("lonely").Last().Error!.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("a/b")]
    public async Task A_target_that_is_not_a_hostname_refuses_the_graph(string target)
    {
        var (h, _) = Start();
        await using var __ = h;
        var e = await Assert.ThrowsAsync<GraphException>(() => h.Commit(Harness.Graph(h.Rec("r", meta: ExportTo(target) with { Hidden = true }))));
        Assert.Contains("is not a hostname", e.Message);
    }
}
