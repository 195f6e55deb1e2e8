using Mgmt.Resources.Tests.Svc;

namespace Mgmt.Resources.Tests.Cron;

/// <summary>cron against the real systemd of the test container: the timer file, the running timer, firing, removal.</summary>
[Collection(SystemdContainerCollection.Name)]
public sealed class CronSystemdTests(SystemdContainer container) : SystemdTestBase(container)
{
    // A oneshot service that appends a line to a file in the container each time it runs.
    private (string Name, string Marker) NewJob()
    {
        Container.Require();
        var name = SystemdContainer.UniqueName("cron");
        var marker = $"/var/lib/mgmt-test/{name}.runs";
        Container.WriteUnit(name + ".service", $"[Service]\nType=oneshot\nExecStart=/bin/sh -c 'date +%s.%N >> {marker}'\n");
        return (name, marker);
    }

    private int Runs(string marker)
    {
        var path = Container.Root + marker;
        return File.Exists(path) ? File.ReadAllLines(path).Length : 0;
    }

    [Fact]
    public async Task It_writes_the_timer_starts_it_and_the_timer_fires_again_and_again()
    {
        var (name, marker) = NewJob();
        var h = await StartAsync(new CronResource
        {
            Name = name,
            Trigger = "OnUnitActiveSec",
            Time = "1s",
            AccuracySec = "1ms",
        });

        Assert.False(await h.CheckApplyAsync());
        var timerFile = Container.Root + $"/etc/systemd/system/{name}.timer";
        Assert.Contains("OnUnitActiveSec=1s\n", await File.ReadAllTextAsync(timerFile, Cancel));
        Assert.Equal("active", (await StatusAsync(name + ".timer")).ActiveState);
        Assert.True(await h.CheckApplyAsync());

        // OnUnitActiveSec counts from the service's last start: one first run sets the rhythm going.
        await Container.Manager.StartUnitAsync(name + ".service", Cancel);
        await EventuallyAsync(() => Task.FromResult(Runs(marker) >= 3), "the timer to run its service twice more");
    }

    [Fact]
    public async Task A_timer_file_changed_behind_its_back_is_seen_and_written_again()
    {
        var (name, _) = NewJob();
        var h = await StartAsync(new CronResource { Name = name, Trigger = "OnCalendar", Time = "hourly" });
        await h.ConvergeAsync();
        h.Context.DrainEvents();
        var timerFile = Container.Root + $"/etc/systemd/system/{name}.timer";
        var written = await File.ReadAllTextAsync(timerFile, Cancel);

        await File.WriteAllTextAsync(timerFile, written.Replace("OnCalendar=hourly", "OnCalendar=minutely"), Cancel);

        Assert.True(await h.Context.WaitForEventAsync(TimeSpan.FromSeconds(10)), "no watch event after the timer file changed");
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal(written, await File.ReadAllTextAsync(timerFile, Cancel));
        Assert.True(h.Context.Log.Contains($"restarted {name}.timer"));
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task The_watch_reports_a_timer_stopped_behind_its_back()
    {
        var (name, _) = NewJob();
        var h = await StartAsync(new CronResource { Name = name, Trigger = "OnCalendar", Time = "daily" });
        await h.ConvergeAsync();
        h.Context.DrainEvents();

        await Container.Manager.StopUnitAsync(name + ".timer", Cancel);

        Assert.True(await h.Context.WaitForEventAsync(TimeSpan.FromSeconds(10)), "no watch event after the timer was stopped");
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("active", (await StatusAsync(name + ".timer")).ActiveState);
    }

    [Fact]
    public async Task Startup_enabled_links_the_timer_into_timers_target()
    {
        var (name, _) = NewJob();
        var h = await StartAsync(new CronResource { Name = name, Trigger = "OnBootSec", Time = "10min", Startup = "enabled" }, watch: false);

        Assert.False(await h.CheckApplyAsync());
        var link = Container.Root + $"/etc/systemd/system/timers.target.wants/{name}.timer";
        Assert.Equal($"/etc/systemd/system/{name}.timer", new FileInfo(link).LinkTarget);
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task Absent_stops_disables_and_removes_the_timer()
    {
        var (name, _) = NewJob();
        var exists = await StartAsync(new CronResource { Name = name, Trigger = "OnCalendar", Time = "weekly", Startup = "enabled" }, watch: false);
        await exists.ConvergeAsync();

        var absent = await StartAsync(new CronResource { Name = name, State = "absent" }, watch: false);
        Assert.False(await absent.CheckApplyAsync());

        Assert.False(File.Exists(Container.Root + $"/etc/systemd/system/{name}.timer"));
        Assert.Null(new FileInfo(Container.Root + $"/etc/systemd/system/timers.target.wants/{name}.timer").LinkTarget);
        var timer = await StatusAsync(name + ".timer");
        Assert.Equal("inactive", timer.ActiveState);
        Assert.True(await absent.CheckApplyAsync());
    }

    [Fact]
    public async Task Noop_writes_nothing()
    {
        var (name, _) = NewJob();
        var h = await StartAsync(new CronResource { Name = name, Trigger = "OnCalendar", Time = "daily" }, watch: false);

        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.False(File.Exists(Container.Root + $"/etc/systemd/system/{name}.timer"));
    }

    [Fact]
    public async Task A_refresh_restarts_the_running_timer()
    {
        var (name, _) = NewJob();
        var h = await StartAsync(new CronResource { Name = name, Trigger = "OnCalendar", Time = "daily" }, watch: false);
        await h.ConvergeAsync();

        h.Context.Refresh = true;
        Assert.False(await h.CheckApplyAsync());
        Assert.True(h.Context.Log.Contains($"restarted {name}.timer"));
        Assert.Equal("active", (await StatusAsync(name + ".timer")).ActiveState);
    }

    [Fact]
    public async Task A_calendar_systemd_cannot_parse_is_reported_with_systemd_s_reason()
    {
        var (name, _) = NewJob();
        var h = await StartAsync(new CronResource { Name = name, Trigger = "OnCalendar", Time = "every blue moon" }, watch: false);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => h.CheckApplyAsync());
        Assert.Contains($"systemd cannot load the timer {name}.timer", e.Message);
        Assert.Contains("systemd-analyze verify", e.Message);
    }
}
