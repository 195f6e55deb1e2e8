using Mgmt.Platform.Systemd;

namespace Mgmt.Resources.Tests.Svc;

/// <summary>svc against the real systemd of the test container: start, stop, enable, disable, refresh, errors.</summary>
[Collection(SystemdContainerCollection.Name)]
public sealed class SvcSystemdTests(SystemdContainer container) : SystemdTestBase(container)
{
    private string NewService()
    {
        Container.Require();
        var name = SystemdContainer.UniqueName("svc");
        Container.WriteUnit(name + ".service", SystemdContainer.SleepingService());
        return name;
    }

    [Fact]
    public async Task Running_starts_the_unit_and_then_reports_it_as_right()
    {
        var name = NewService();
        var h = await StartAsync(new SvcResource { Name = name, State = "running" }, watch: false);

        Assert.False(await h.CheckApplyAsync());
        var status = await StatusAsync(name + ".service");
        Assert.Equal("active", status.ActiveState);
        Assert.True(await h.CheckApplyAsync());
        Assert.True(h.Context.Log.Contains($"started {name}.service"));
    }

    [Fact]
    public async Task Stopped_stops_a_running_unit()
    {
        var name = NewService();
        await Container.Manager.StartUnitAsync(name + ".service", Cancel);
        var h = await StartAsync(new SvcResource { Name = name, State = "stopped" }, watch: false);

        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("inactive", (await StatusAsync(name + ".service")).ActiveState);
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task Noop_reports_the_difference_without_starting()
    {
        var name = NewService();
        var h = await StartAsync(new SvcResource { Name = name, State = "running" }, watch: false);

        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.Equal("inactive", (await StatusAsync(name + ".service")).ActiveState);
    }

    [Fact]
    public async Task Enabled_makes_the_install_link_and_disabled_removes_it()
    {
        var name = NewService();
        var link = Container.Root + "/etc/systemd/system/multi-user.target.wants/" + name + ".service";

        var enable = await StartAsync(new SvcResource { Name = name, Startup = "enabled" }, watch: false);
        Assert.False(await enable.CheckApplyAsync());
        Assert.Equal($"/etc/systemd/system/{name}.service", new FileInfo(link).LinkTarget);
        Assert.Equal("enabled", (await StatusAsync(name + ".service")).UnitFileState);
        Assert.True(await enable.CheckApplyAsync());
        // Enabling is about boot; it does not start the unit now.
        Assert.Equal("inactive", (await StatusAsync(name + ".service")).ActiveState);

        var disable = await StartAsync(new SvcResource { Name = name, Startup = "disabled" }, watch: false);
        Assert.False(await disable.CheckApplyAsync());
        Assert.Null(new FileInfo(link).LinkTarget);
        Assert.False(File.Exists(link));
        Assert.Equal("disabled", (await StatusAsync(name + ".service")).UnitFileState);
        Assert.True(await disable.CheckApplyAsync());
    }

    [Fact]
    public async Task The_watch_reports_a_unit_stopped_behind_its_back()
    {
        var name = NewService();
        var h = await StartAsync(new SvcResource { Name = name, State = "running" });
        await h.ConvergeAsync();
        h.Context.DrainEvents();

        await Container.Manager.StopUnitAsync(name + ".service", Cancel);

        Assert.True(await h.Context.WaitForEventAsync(TimeSpan.FromSeconds(10)), "no watch event after the unit was stopped");
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("active", (await StatusAsync(name + ".service")).ActiveState);
    }

    [Fact]
    public async Task A_refresh_restarts_a_unit_that_cannot_reload()
    {
        var name = NewService();
        var unit = name + ".service";
        var h = await StartAsync(new SvcResource { Name = name, State = "running" }, watch: false);
        await h.ConvergeAsync();
        var before = await Container.Manager.GetMainPidAsync(unit, Cancel);

        h.Context.Refresh = true;
        Assert.False(await h.CheckApplyAsync());

        var after = await Container.Manager.GetMainPidAsync(unit, Cancel);
        Assert.NotEqual(0u, after);
        Assert.NotEqual(before, after);
        Assert.True(h.Context.Log.Contains($"refreshed {unit}: restarted"));
    }

    [Fact]
    public async Task A_refresh_reloads_a_unit_that_can_reload()
    {
        Container.Require();
        var name = SystemdContainer.UniqueName("svc-reload");
        var marker = $"/var/lib/mgmt-test/{name}.reloads";
        Container.WriteUnit(name + ".service",
            $"[Service]\nExecStart=/bin/sleep infinity\nExecReload=/bin/sh -c 'echo reload >> {marker}'\n");
        var h = await StartAsync(new SvcResource { Name = name, State = "running" }, watch: false);
        await h.ConvergeAsync();
        var before = await Container.Manager.GetMainPidAsync(name + ".service", Cancel);

        h.Context.Refresh = true;
        Assert.False(await h.CheckApplyAsync());

        Assert.Equal(before, await Container.Manager.GetMainPidAsync(name + ".service", Cancel));
        Assert.Equal("reload\n", await File.ReadAllTextAsync(Container.Root + marker, Cancel));
    }

    [Fact]
    public async Task With_restartonrefresh_a_refresh_restarts_even_a_unit_that_can_reload()
    {
        Container.Require();
        var name = SystemdContainer.UniqueName("svc-restart");
        var marker = $"/var/lib/mgmt-test/{name}.reloads";
        Container.WriteUnit(name + ".service",
            $"[Service]\nExecStart=/bin/sleep infinity\nExecReload=/bin/sh -c 'echo reload >> {marker}'\n");
        var h = await StartAsync(new SvcResource { Name = name, State = "running", RestartOnRefresh = true }, watch: false);
        await h.ConvergeAsync();
        var before = await Container.Manager.GetMainPidAsync(name + ".service", Cancel);

        h.Context.Refresh = true;
        Assert.False(await h.CheckApplyAsync());

        var after = await Container.Manager.GetMainPidAsync(name + ".service", Cancel);
        Assert.NotEqual(0u, after);
        Assert.NotEqual(before, after);
        Assert.False(File.Exists(Container.Root + marker));
    }

    [Fact]
    public async Task A_refresh_leaves_a_stopped_unit_stopped()
    {
        var name = NewService();
        var h = await StartAsync(new SvcResource { Name = name, State = "stopped" }, watch: false);
        await h.ConvergeAsync();

        h.Context.Refresh = true;
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("inactive", (await StatusAsync(name + ".service")).ActiveState);
    }

    [Fact]
    public async Task An_unknown_unit_fails_with_a_message_that_says_so()
    {
        Container.Require();
        var h = await StartAsync(new SvcResource { Name = "no-such-unit-here", State = "running" }, watch: false);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => h.CheckApplyAsync());
        Assert.Contains("has no unit named no-such-unit-here.service", e.Message);
        Assert.Contains("/etc/systemd/system/no-such-unit-here.service", e.Message);
    }

    [Fact]
    public async Task A_masked_unit_fails_with_a_message_that_says_how_to_unmask_it()
    {
        Container.Require();
        var name = SystemdContainer.UniqueName("svc-masked");
        File.CreateSymbolicLink(Container.Root + "/etc/systemd/system/" + name + ".service", "/dev/null");
        await Container.Manager.ReloadAsync(Cancel);
        var h = await StartAsync(new SvcResource { Name = name, State = "running" }, watch: false);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => h.CheckApplyAsync());
        Assert.Contains("is masked", e.Message);
        Assert.Contains($"systemctl unmask {name}.service", e.Message);
    }

    [Fact]
    public async Task A_unit_that_fails_to_start_is_an_error_that_points_at_the_journal()
    {
        Container.Require();
        var name = SystemdContainer.UniqueName("svc-broken");
        Container.WriteUnit(name + ".service", "[Service]\nType=oneshot\nExecStart=/bin/false\n");
        var h = await StartAsync(new SvcResource { Name = name, State = "running" }, watch: false);

        var e = await Assert.ThrowsAsync<SystemdJobFailedException>(() => h.CheckApplyAsync());
        Assert.Contains($"could not start {name}.service", e.Message);
        Assert.Contains("exit-code", e.Message);
        Assert.Contains($"journalctl -u {name}.service", e.Message);
    }

    [Fact]
    public async Task Without_a_bus_the_resource_fails_with_a_clear_message()
    {
        Container.Require();
        var nowhere = new SystemdSettings { SystemBusAddress = "unix:path=/nonexistent/mgmt-test-bus" };
        var resource = new SvcResource { Name = "anything", State = "running" };

        var watch = await Assert.ThrowsAsync<SystemdUnavailableException>(() => StartAsync(resource, watch: true, settings: nowhere));
        Assert.Contains("cannot reach systemd on the system bus at unix:path=/nonexistent/mgmt-test-bus", watch.Message);
        Assert.Contains("there is no bus socket", watch.Message);

        var h = await StartAsync(new SvcResource { Name = "anything", State = "running" }, watch: false, settings: nowhere);
        var check = await Assert.ThrowsAsync<SystemdUnavailableException>(() => h.CheckApplyAsync());
        Assert.Contains("MGMT_SYSTEM_BUS_ADDRESS", check.Message);
    }
}
