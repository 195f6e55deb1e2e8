using Mgmt.Engine.Changes;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;
using Mgmt.Engine.Tests.Support;

namespace Mgmt.Engine.Tests.Changes;

/// <summary>
/// The change contract on the real engine: what a resource reports reaches its event and its status once per
/// CheckApply, with diffs; noop reports exactly what a real run does; secrets never appear.
/// </summary>
public sealed class ChangeReportTests
{
    [Fact]
    public async Task A_repair_reports_a_diff_and_the_mode_and_noop_reports_the_same()
    {
        async Task<ResourceEvent> RunOnce(bool noop)
        {
            await using var h = new Harness(o => o with { Noop = noop });
            var r = new ReportingResource { Name = "r", Text = "one\ntwo\nthree\n", Mode = "0600", Current = "one\n2\nthree\n" };
            await h.Commit(Harness.Graph(r));
            await Harness.Eventually(() => h.EventsOf("r").Any(e => e.Type == ResourceEventType.Changed), "the change");
            return h.EventsOf("r").First(e => e.Type == ResourceEventType.Changed);
        }

        var applied = await RunOnce(noop: false);
        var checkedOnly = await RunOnce(noop: true);

        Assert.False(applied.Noop);
        Assert.True(checkedOnly.Noop);
        Assert.Equal(applied.Changes, checkedOnly.Changes);
        Assert.Equal(2, applied.Changes.Count);
        Assert.Equal("--- r\n+++ r\n@@ -1,3 +1,3 @@\n one\n-2\n+two\n three", applied.Changes[0].Diff);
        Assert.Equal("text (+1 -1 lines)", applied.Changes[0].Summary);
        Assert.Equal("mode 0644 -> 0600", applied.Changes[1].Summary);
    }

    [Fact]
    public async Task The_status_keeps_the_last_change_and_a_check_that_finds_all_right_reports_nothing()
    {
        await using var h = new Harness();
        var r = new ReportingResource { Name = "r", Text = "new\n", Current = "old\n" };
        await h.Commit(Harness.Graph(r));
        await Harness.Eventually(() => h.StatusOf("r").LastChange is not null, "the change in the status");
        var change = h.StatusOf("r").LastChange!;
        Assert.False(change.Noop);
        Assert.Contains("-old\n+new", change.Details);
        Assert.All(h.EventsOf("r").Where(e => e.Type == ResourceEventType.Checked), e => Assert.Empty(e.Changes));
    }

    [Fact]
    public async Task Sensitive_parameters_and_content_are_hidden()
    {
        await using var h = new Harness();
        var r = new ReportingResource { Name = "r", Text = "password=hunter2\n", Sensitive = true, Token = "s3cret", CurrentToken = "old-secret" };
        await h.Commit(Harness.Graph(r));
        await Harness.Eventually(() => h.EventsOf("r").Any(e => e.Type == ResourceEventType.Changed), "the change");
        var changes = h.EventsOf("r").First(e => e.Type == ResourceEventType.Changed).Changes;
        var all = string.Join("\n", changes.Select(c => $"{c.Summary} {c.Diff} {c.From} {c.To}"));
        Assert.DoesNotContain("hunter2", all);
        Assert.DoesNotContain("s3cret", all);
        Assert.DoesNotContain("old-secret", all);
        Assert.Contains("(not shown: sensitive; absent -> 17 bytes)", all);
        Assert.Equal("token (hidden) -> (hidden)", changes.Single(c => c.Field == "token").Summary);
    }

    [Fact]
    public async Task A_long_check_apply_is_logged_as_still_running()
    {
        var logs = new ListLoggerFactory();
        await using var h = new Harness(o => o with { Loggers = logs });
        var r = new ReportingResource { Name = "r", Text = "x", Slow = (int)(Vertex.StillRunningAfter.TotalMilliseconds * 1.5) };
        await h.Commit(Harness.Graph(r));
        await Harness.Eventually(() => h.EventsOf("r").Any(e => e.Type == ResourceEventType.Changed), "the slow change");
        var lines = logs.Lines.Where(l => l.Contains("treport[r]", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Any(l => l.Contains("treport[r]: CheckApply still running after 5 s", StringComparison.Ordinal)), string.Join("\n", lines));
        Assert.Single(logs.Lines, l => l.Contains("treport[r]: changed text", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_resource_that_reports_nothing_is_logged_as_before()
    {
        var logs = new ListLoggerFactory();
        await using var h = new Harness(o => o with { Loggers = logs });
        var r = h.Rec("plain", x => x.Dirty = true);
        await h.Commit(Harness.Graph(r));
        await Harness.Eventually(() => logs.Lines.Any(l => l.Contains("rec[plain]: applied a change", StringComparison.Ordinal)), "the plain change line");
    }
}
