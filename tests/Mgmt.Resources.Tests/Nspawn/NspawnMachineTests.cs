using Mgmt.Platform.Systemd;
using Mgmt.Tests.Support;
using Mgmt.Resources.Tests.Svc;

namespace Mgmt.Resources.Tests.Nspawn;

/// <summary>
/// nspawn against the real systemd and systemd-machined of the test container: a tiny machine image is booted
/// inside it with systemd-nspawn@NAME.service (nspawn in nspawn), stopped, and put right after drift.
/// </summary>
[Collection(SystemdContainerCollection.Name)]
public sealed class NspawnMachineTests(SystemdContainer container) : SystemdTestBase(container)
{
    private readonly List<string> _machines = [];

    private async Task<string> NewMachineAsync()
    {
        Container.Require();
        var name = SystemdContainer.UniqueName("machine");
        await TinyMachineImage.WriteAsync(Container, name, Cancel);
        _machines.Add(name);
        return name;
    }

    private Task<string?> MachineStateAsync(string name) => Container.Manager.GetMachineStateAsync(name, Cancel);

    private static string Unit(string name) => new NspawnResource { Name = name }.UnitName;

    [Fact]
    public async Task Running_boots_the_machine_and_then_reports_it_as_right()
    {
        var name = await NewMachineAsync();
        var h = await StartAsync(new NspawnResource { Name = name, State = "running" }, watch: false);

        Assert.False(await h.CheckApplyAsync());

        Assert.Equal("running", await MachineStateAsync(name));
        Assert.Equal("active", (await StatusAsync(Unit(name))).ActiveState);
        // The machine's init really runs in its own PID namespace: machined knows its leader.
        Assert.True(await h.CheckApplyAsync());
        Assert.True(h.Context.Log.Contains($"started the machine {name}"));
    }

    [Fact]
    public async Task Stopped_stops_a_running_machine()
    {
        var name = await NewMachineAsync();
        await Container.Manager.StartUnitAsync(Unit(name), Cancel);
        Assert.Equal("running", await MachineStateAsync(name));
        await TinyMachineImage.WaitUntilBootedAsync(Container, name, Cancel);
        var h = await StartAsync(new NspawnResource { Name = name, State = "stopped" }, watch: false);

        Assert.False(await h.CheckApplyAsync());

        Assert.Null(await MachineStateAsync(name));
        Assert.Equal("inactive", (await StatusAsync(Unit(name))).ActiveState);
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task Noop_reports_the_difference_without_booting()
    {
        var name = await NewMachineAsync();
        var h = await StartAsync(new NspawnResource { Name = name, State = "running" }, watch: false);

        Assert.False(await h.CheckApplyAsync(apply: false));

        Assert.Null(await MachineStateAsync(name));
    }

    [Fact]
    public async Task The_watch_reports_a_machine_stopped_behind_its_back_and_it_is_booted_again()
    {
        var name = await NewMachineAsync();
        var h = await StartAsync(new NspawnResource { Name = name, State = "running" });
        await h.ConvergeAsync();
        await TinyMachineImage.WaitUntilBootedAsync(Container, name, Cancel);
        h.Context.DrainEvents();

        await Container.Manager.TerminateMachineAsync(name, Cancel);

        Assert.True(await h.Context.WaitForEventAsync(TimeSpan.FromSeconds(10)), "no watch event after the machine was terminated");
        await EventuallyAsync(async () => await MachineStateAsync(name) is null, "the machine to be gone");
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("running", await MachineStateAsync(name));
    }

    [Fact]
    public async Task The_watch_reports_a_machine_started_behind_its_back()
    {
        var name = await NewMachineAsync();
        var h = await StartAsync(new NspawnResource { Name = name, State = "stopped" });
        await h.ConvergeAsync();
        h.Context.DrainEvents();

        await Container.Manager.StartUnitAsync(Unit(name), Cancel);

        Assert.True(await h.Context.WaitForEventAsync(TimeSpan.FromSeconds(10)), "no watch event after the machine was started");
        await TinyMachineImage.WaitUntilBootedAsync(Container, name, Cancel);
        Assert.False(await h.CheckApplyAsync());
        Assert.Null(await MachineStateAsync(name));
    }

    [Fact]
    public async Task A_name_with_a_dash_is_kept_as_it_is_in_the_unit_as_machinectl_does()
    {
        var name = await NewMachineAsync();
        Assert.Contains('-', name);
        var h = await StartAsync(new NspawnResource { Name = name, State = "running" }, watch: false);

        Assert.False(await h.CheckApplyAsync());

        Assert.Equal("running", await MachineStateAsync(name));
        Assert.Equal($"systemd-nspawn@{name}.service", Unit(name));
        Assert.Equal("active", (await StatusAsync(Unit(name))).ActiveState);
    }

    [Fact]
    public async Task Running_without_an_image_fails_with_a_message_that_says_where_to_put_one()
    {
        Container.Require();
        var name = SystemdContainer.UniqueName("noimage");
        var h = await StartAsync(new NspawnResource { Name = name, State = "running" }, watch: false);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => h.CheckApplyAsync());
        Assert.Contains($"there is no machine image named '{name}'", e.Message);
        Assert.Contains($"/var/lib/machines/{name}", e.Message);
    }

    [Fact]
    public async Task Stopped_without_an_image_is_already_right()
    {
        Container.Require();
        var h = await StartAsync(new NspawnResource { Name = SystemdContainer.UniqueName("noimage"), State = "stopped" }, watch: false);

        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task A_machine_that_dies_right_after_its_start_is_an_error_that_points_at_the_journal()
    {
        Container.Require();
        var name = SystemdContainer.UniqueName("broken");
        // An image machined lists, but without an init (or anything else) the machine could run.
        Directory.CreateDirectory($"{Container.Root}/var/lib/machines/{name}/etc");
        File.WriteAllText($"{Container.Root}/var/lib/machines/{name}/etc/os-release", "ID=broken\n");
        _machines.Add(name);
        var h = await StartAsync(new NspawnResource { Name = name, State = "running" }, watch: false);

        // nspawn reports the start as done once it launched the init; the failure shows a moment later.
        try
        {
            Assert.False(await h.CheckApplyAsync());
        }
        catch (SystemdJobFailedException)
        {
            // On a slower machine systemd may see the failure before the start job ends: also an honest error.
            return;
        }
        await EventuallyAsync(async () => (await StatusAsync(Unit(name))).ActiveState == "failed", "the unit of the broken machine to fail");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => h.CheckApplyAsync());
        Assert.Contains($"the machine {name} stopped right after it was started", e.Message);
        Assert.Contains($"journalctl -u systemd-nspawn@{name}.service", e.Message);
    }

    [Fact]
    public async Task A_machine_that_fails_long_after_its_start_is_simply_started_again()
    {
        Container.Require();
        var name = SystemdContainer.UniqueName("late");
        Directory.CreateDirectory($"{Container.Root}/var/lib/machines/{name}/etc");
        File.WriteAllText($"{Container.Root}/var/lib/machines/{name}/etc/os-release", "ID=broken\n");
        _machines.Add(name);
        var time = new ManualTime(DateTimeOffset.UtcNow);
        var h = await StartAsync(new NspawnResource { Name = name, State = "running" }, watch: false);
        h.Context.Time = time;
        try
        {
            Assert.False(await h.CheckApplyAsync());
        }
        catch (SystemdJobFailedException)
        {
            Assert.Skip("systemd saw the failure before the start job ended; the late failure cannot be staged this way");
        }
        await EventuallyAsync(async () => (await StatusAsync(Unit(name))).ActiveState == "failed", "the unit of the broken machine to fail");

        // As if it had run for two minutes before failing: no early-failure error, it is started again.
        time.Advance(TimeSpan.FromMinutes(2));
        try
        {
            Assert.False(await h.CheckApplyAsync());
        }
        catch (SystemdJobFailedException)
        {
            // Started again, and this time systemd saw the failure during the start: still not the early-failure
            // error (an InvalidOperationException), which would fail this test.
        }
        Assert.True(h.Context.Log.Contains($"started the machine {name}"));
    }

    [Fact]
    public async Task Without_a_bus_the_resource_fails_with_a_clear_message()
    {
        Container.Require();
        var nowhere = new SystemdSettings { SystemBusAddress = "unix:path=/nonexistent/mgmt-test-bus" };
        var h = await StartAsync(new NspawnResource { Name = "anything", State = "running" }, watch: false, settings: nowhere);

        var e = await Assert.ThrowsAsync<SystemdUnavailableException>(() => h.CheckApplyAsync());
        Assert.Contains("there is no bus socket", e.Message);
    }

    [Fact]
    public async Task Without_machined_the_resource_says_which_package_brings_it()
    {
        Container.Require();
        var mask = Container.Root + "/etc/systemd/system/systemd-machined.service";
        await Container.Manager.StopUnitAsync("systemd-machined.service", Cancel);
        File.CreateSymbolicLink(mask, "/dev/null");
        try
        {
            await Container.Manager.ReloadAsync(Cancel);
            var h = await StartAsync(new NspawnResource { Name = "anything", State = "running" }, watch: false);

            var e = await Assert.ThrowsAsync<SystemdUnavailableException>(() => h.CheckApplyAsync());
            Assert.Contains("systemd-machined is not available on the system bus", e.Message);
            Assert.Contains("systemd-container package", e.Message);
        }
        finally
        {
            File.Delete(mask);
            await Container.Manager.ReloadAsync(CancellationToken.None);
        }
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // Leave no machine running for the next test of the collection.
        foreach (var name in _machines)
        {
            try
            {
                await Container.Manager.StopUnitAsync(Unit(name), CancellationToken.None);
                if (await Container.Manager.GetMachineStateAsync(name, CancellationToken.None) is not null)
                {
                    await Container.Manager.TerminateMachineAsync(name, CancellationToken.None);
                }
            }
            catch (IOException)
            {
                // The container may already be gone; nothing is left then.
            }
        }
    }
}
