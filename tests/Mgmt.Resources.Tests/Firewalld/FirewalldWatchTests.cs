using Mgmt.Platform.Firewall;
using Mgmt.Platform.Systemd;
using Mgmt.Resources.Tests.Svc;

namespace Mgmt.Resources.Tests.Firewalld;

/// <summary>firewalld's signals reach the watch: drift by another client, a reload, firewalld stopped.</summary>
[Collection(SystemdContainerCollection.Name)]
public sealed class FirewalldWatchTests(SystemdContainer container) : FirewalldTestBase(container)
{
    [Fact]
    public async Task A_port_closed_behind_its_back_is_seen_and_opened_again()
    {
        await StartFirewalldAsync();
        var port = FirewalldResource.ParsePort($"{UniquePort()}/tcp");
        var h = await StartAsync(new FirewalldResource { Zone = "public", Ports = [port.ToString()] });
        await h.ConvergeAsync();
        h.Context.DrainEvents();

        await Firewalld.RemovePortAsync("public", port, permanent: false, Cancel);

        Assert.True(await h.Context.WaitForEventAsync(TimeSpan.FromSeconds(10)), "no watch event after the port was closed");
        Assert.False(await h.CheckApplyAsync());
        Assert.Contains(port, await PortsAsync("public"));
    }

    [Fact]
    public async Task A_permanent_change_behind_its_back_is_seen()
    {
        await StartFirewalldAsync();
        var h = await StartAsync(new FirewalldResource { Zone = "public", Services = ["ldap"], Permanent = true });
        await h.ConvergeAsync();
        h.Context.DrainEvents();

        await Firewalld.RemoveServiceAsync("public", "ldap", permanent: true, Cancel);

        Assert.True(await h.Context.WaitForEventAsync(TimeSpan.FromSeconds(10)), "no watch event after the permanent setting changed");
        Assert.False(await h.CheckApplyAsync());
        Assert.Contains("ldap", await ServicesAsync("public", permanent: true));
    }

    [Fact]
    public async Task A_reload_drops_runtime_only_settings_and_the_watch_puts_them_back()
    {
        await StartFirewalldAsync();
        var h = await StartAsync(new FirewalldResource { Zone = "public", Services = ["telnet"] });
        await h.ConvergeAsync();
        h.Context.DrainEvents();

        // firewall-cmd --reload: the runtime configuration is rebuilt from the permanent one.
        await Firewalld.ReloadAsync(Cancel);

        Assert.True(await h.Context.WaitForEventAsync(TimeSpan.FromSeconds(20)), "no watch event after firewalld reloaded");
        Assert.DoesNotContain("telnet", await ServicesAsync("public"));
        Assert.False(await h.CheckApplyAsync());
        Assert.Contains("telnet", await ServicesAsync("public"));
    }

    [Fact]
    public async Task Firewalld_stopped_is_seen_and_reported_as_not_running()
    {
        await StartFirewalldAsync();
        var h = await StartAsync(new FirewalldResource { Zone = "public", Services = ["ssh"] });
        await h.ConvergeAsync();
        h.Context.DrainEvents();

        try
        {
            await Container.Manager.StopUnitAsync(Unit, Cancel);

            Assert.True(await h.Context.WaitForEventAsync(TimeSpan.FromSeconds(10)), "no watch event after firewalld stopped");
            var e = await Assert.ThrowsAsync<FirewalldUnavailableException>(() => h.CheckApplyAsync());
            Assert.Contains("firewalld is not running on the system bus", e.Message);
            // Nothing started it behind our back: a call never activates firewalld.
            Assert.Equal("inactive", (await StatusAsync(Unit)).ActiveState);
        }
        finally
        {
            await Container.Manager.StartUnitAsync(Unit, Cancel);
        }
    }

    [Fact]
    public async Task Without_a_bus_the_resource_fails_with_a_clear_message()
    {
        Container.Require();
        var nowhere = new SystemdSettings { SystemBusAddress = "unix:path=/nonexistent/mgmt-test-bus" };
        var h = await StartAsync(new FirewalldResource { Zone = "public", Services = ["http"] }, watch: false, settings: nowhere);

        var e = await Assert.ThrowsAsync<FirewalldUnavailableException>(() => h.CheckApplyAsync());
        Assert.Contains("there is no bus socket at /nonexistent/mgmt-test-bus", e.Message);
    }
}
