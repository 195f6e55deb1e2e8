using Mgmt.Platform.Systemd;

namespace Mgmt.Resources.Tests.Svc;

/// <summary>svc and cron with <c>session</c>: units of the user's own systemd, reached over the user's session bus.</summary>
[Collection(SystemdContainerCollection.Name)]
public sealed class SvcSessionTests(SystemdContainer container) : SystemdTestBase(container)
{
    [Fact]
    public async Task A_user_unit_is_started_and_enabled_through_the_user_manager()
    {
        Container.Require();
        var units = await Container.StartUserManagerAsync(Cancel);
        var name = SystemdContainer.UniqueName("user-svc");
        await File.WriteAllTextAsync($"{units}/{name}.service",
            "[Service]\nExecStart=/bin/sleep infinity\n\n[Install]\nWantedBy=default.target\n", Cancel);
        var h = await StartAsync(new SvcResource { Name = name, Session = true, State = "running", Startup = "enabled" });

        Assert.False(await h.CheckApplyAsync());

        using var user = await SystemdManager.ConnectAsync(SystemdScope.User, Container.Settings.AddressOf(SystemdScope.User), Cancel);
        var status = await user.GetUnitAsync(name + ".service", Cancel);
        Assert.Equal("active", status.ActiveState);
        Assert.Equal("enabled", status.UnitFileState);
        Assert.Equal($"/root/.config/systemd/user/{name}.service", new FileInfo($"{units}/default.target.wants/{name}.service").LinkTarget);
        // The system manager knows nothing of it: the two are separate.
        Assert.True((await StatusAsync(name + ".service")).NotFound);
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task A_user_timer_is_written_into_the_user_s_unit_directory()
    {
        Container.Require();
        var units = await Container.StartUserManagerAsync(Cancel);
        var name = SystemdContainer.UniqueName("user-cron");
        await File.WriteAllTextAsync($"{units}/{name}.service", "[Service]\nType=oneshot\nExecStart=/bin/true\n", Cancel);
        var h = await StartAsync(new CronResource { Name = name, Session = true, Trigger = "OnCalendar", Time = "daily" }, watch: false);

        Assert.False(await h.CheckApplyAsync());

        Assert.True(File.Exists($"{units}/{name}.timer"));
        Assert.True((await StatusAsync(name + ".timer")).NotFound);
        Assert.True(await h.CheckApplyAsync());
    }
}
