namespace Mgmt.Resources.Tests.Cron;

public sealed class CronUnitFileTests
{
    [Fact]
    public void A_minimal_timer_has_its_trigger_and_installs_into_timers_target()
    {
        var r = new CronResource { Name = "backup", Trigger = "OnCalendar", Time = "daily" };
        Assert.Equal(
            "# Written by mgmt (cron[backup]); changes here are overwritten.\n" +
            "[Unit]\nDescription=Timer managed by mgmt\n\n" +
            "[Timer]\nOnCalendar=daily\n\n" +
            "[Install]\nWantedBy=timers.target\n",
            r.RenderTimerFile());
    }

    [Fact]
    public void Every_option_lands_in_the_timer_section()
    {
        var r = new CronResource
        {
            Name = "sync",
            Trigger = "OnUnitActiveSec",
            Time = " 10min ",
            AccuracySec = "1s",
            RandomizedDelaySec = "30s",
            Unit = "rsync.service",
            Persistent = true,
            WakeSystem = true,
            RemainAfterElapse = false,
            Description = "Sync the mirror",
        };
        Assert.Equal(
            "# Written by mgmt (cron[sync]); changes here are overwritten.\n" +
            "[Unit]\nDescription=Sync the mirror\n\n" +
            "[Timer]\nOnUnitActiveSec=10min\nAccuracySec=1s\nRandomizedDelaySec=30s\nUnit=rsync.service\n" +
            "Persistent=true\nWakeSystem=true\nRemainAfterElapse=false\n\n" +
            "[Install]\nWantedBy=timers.target\n",
            r.RenderTimerFile());
    }

    [Theory]
    [InlineData("1h 30min")]
    [InlineData("500ms")]
    [InlineData("2.5 s")]
    [InlineData("1d12h")]
    [InlineData("infinity")]
    [InlineData("3 weeks")]
    public void Time_spans_in_systemd_syntax_are_accepted(string span)
    {
        Assert.Null(TimeSpanText.Problem(span));
    }
}
