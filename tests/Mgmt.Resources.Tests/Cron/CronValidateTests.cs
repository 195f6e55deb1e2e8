using Mgmt.Engine.Resources;

namespace Mgmt.Resources.Tests.Cron;

public sealed class CronValidateTests
{
    private static CronResource Valid() => new() { Name = "backup", Trigger = "OnCalendar", Time = "daily" };

    [Fact]
    public void A_calendar_timer_validates()
    {
        Valid().Validate();
    }

    [Theory]
    [InlineData("OnBootSec", "15min")]
    [InlineData("OnActiveSec", "1h 30min")]
    [InlineData("OnUnitActiveSec", "1s")]
    [InlineData("OnUnitInactiveSec", "2.5s")]
    [InlineData("OnStartupSec", "90")]
    public void Every_monotonic_trigger_takes_a_time_span(string trigger, string time)
    {
        new CronResource { Name = "x", Trigger = trigger, Time = time }.Validate();
    }

    [Fact]
    public void An_unknown_trigger_is_refused_with_the_choices()
    {
        var e = Assert.Throws<ResourceValidationException>(() => new CronResource { Name = "x", Trigger = "oncalendar", Time = "daily" }.Validate());
        Assert.Contains("trigger 'oncalendar' is not known", e.Message);
        Assert.Contains("OnCalendar, OnActiveSec, OnBootSec, OnStartupSec, OnUnitActiveSec, OnUnitInactiveSec", e.Message);
    }

    [Fact]
    public void A_missing_trigger_or_time_is_refused()
    {
        Assert.Contains("trigger is missing", Assert.Throws<ResourceValidationException>(() => new CronResource { Name = "x" }.Validate()).Message);
        Assert.Contains("time is missing: give a calendar event",
            Assert.Throws<ResourceValidationException>(() => new CronResource { Name = "x", Trigger = "OnCalendar" }.Validate()).Message);
        Assert.Contains("time is missing: give a time span",
            Assert.Throws<ResourceValidationException>(() => new CronResource { Name = "x", Trigger = "OnBootSec" }.Validate()).Message);
    }

    [Theory]
    [InlineData("time", "5 minutez", "'minutez' in '5 minutez' is not a time unit")]
    [InlineData("time", "soon", "expected a number at 'soon'")]
    [InlineData("accuracysec", "1..5s", "expected a number")]
    [InlineData("randomizeddelaysec", "10 parsecs", "'parsecs' in '10 parsecs' is not a time unit")]
    public void A_bad_time_span_is_refused_with_the_units(string param, string value, string expected)
    {
        var r = new CronResource { Name = "x", Trigger = "OnBootSec", Time = "1min" };
        switch (param)
        {
            case "time": r.Time = value; break;
            case "accuracysec": r.AccuracySec = value; break;
            default: r.RandomizedDelaySec = value; break;
        }
        var e = Assert.Throws<ResourceValidationException>(r.Validate);
        Assert.StartsWith(param + ": ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_value_that_would_break_the_unit_file_is_refused()
    {
        var r = Valid();
        r.Description = "two\nlines";
        Assert.Equal("description must be one line of text without control characters", Assert.Throws<ResourceValidationException>(r.Validate).Message);
    }

    [Fact]
    public void The_state_must_be_exists_or_absent()
    {
        var r = Valid();
        r.State = "running";
        Assert.Equal("state must be 'exists' or 'absent', not 'running'", Assert.Throws<ResourceValidationException>(r.Validate).Message);
    }

    [Fact]
    public void An_absent_timer_needs_no_trigger()
    {
        new CronResource { Name = "old", State = "absent" }.Validate();
    }

    [Fact]
    public void The_unit_must_be_a_unit_and_not_a_timer()
    {
        var r = Valid();
        r.Unit = "other.timer";
        Assert.Contains("a timer cannot start another timer", Assert.Throws<ResourceValidationException>(r.Validate).Message);
        r.Unit = "nope";
        Assert.Contains("does not end with a unit type", Assert.Throws<ResourceValidationException>(r.Validate).Message);
    }

    [Fact]
    public void The_timer_and_its_unit_follow_the_name()
    {
        var r = Valid();
        Assert.Equal("backup.timer", r.TimerUnit);
        Assert.Equal("backup.service", r.TargetUnit);
        Assert.Equal("/etc/systemd/system/backup.timer", r.TimerFilePath());
        r.Unit = "other.service";
        Assert.Equal("other.service", r.TargetUnit);
    }

    [Fact]
    public void It_is_found_by_the_unit_it_starts_and_by_its_file_and_comes_after_that_unit_s_file()
    {
        var r = Valid();
        Assert.Equal([new ResourceUid("cron", "backup.service"), new ResourceUid("file", "/etc/systemd/system/backup.timer")], r.Uids());
        var candidates = r.AutoEdges().SelectMany(s => s.Candidates).ToList();
        Assert.Contains(new ResourceUid("file", "/etc/systemd/system/backup.service"), candidates);
        Assert.Contains(new ResourceUid("file", "/lib/systemd/system/backup.service"), candidates);
    }
}
