using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Journal;

/// <summary>The msg resource against a real systemd journal (the host's, or a private journald).</summary>
public sealed class MsgJournalTests(Journald journal) : IClassFixture<Journald>
{
    [Fact]
    public async Task A_message_with_fields_and_priority_lands_in_the_journal_once_per_run()
    {
        if (journal.WhyNot is { } why) Assert.Skip(why);
        var id = Guid.NewGuid().ToString("N");
        var msg = new MsgResource
        {
            Name = "m", Body = "backup finished\nall good", Priority = "Warning", Journal = true,
            Fields = new Dictionary<string, string> { ["MGMT_TEST_ID"] = id },
            JournalSocketPath = journal.SocketPath,
        };
        await using var h = await ResourceHarness<MsgResource>.StartAsync(msg, watch: false);
        Assert.False(await h.CheckApplyAsync());
        Assert.True(await h.CheckApplyAsync());

        string entries = "";
        for (var i = 0; i < 50 && !entries.Contains("MGMT_TEST_ID", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            entries = await journal.ReadAsync("MGMT_TEST_ID", id);
        }
        Assert.Contains("PRIORITY=4", entries, StringComparison.Ordinal);
        Assert.Contains("SYSLOG_IDENTIFIER=mgmt", entries, StringComparison.Ordinal);
        Assert.Contains("backup finished", entries, StringComparison.Ordinal);
        Assert.Contains("all good", entries, StringComparison.Ordinal);
        Assert.Equal(1, entries.Split('\n').Count(l => l.Trim() == $"MGMT_TEST_ID={id}"));
    }
}
