using Mgmt.Platform.Libvirt;

namespace Mgmt.Resources.Tests.VirtResources;

/// <summary>Lifecycle events drive the watch; failures of libvirt are clear messages.</summary>
public sealed class VirtWatchTests : VirtTestBase
{
    [Fact]
    public async Task A_change_made_behind_its_back_is_an_event_and_is_repaired()
    {
        var r = Virt("running");
        await using var h = await Start(r, watch: true);
        await h.ConvergeAsync();
        await SettleEventsAsync(); // the events of its own changes are out: forget them
        h.Context.DrainEvents();
        await Tamper(r.Name, d => d.Suspend());
        Assert.True(await h.Context.WaitForEventAsync(TimeSpan.FromSeconds(10)));
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal(DomainState.Running, (await Facts(r.Name))!.State);
        await SettleEventsAsync();
        h.Context.DrainEvents();
        await Tamper(r.Name, d => d.Destroy());
        Assert.True(await h.Context.WaitForEventAsync(TimeSpan.FromSeconds(10)));
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal(DomainState.Running, (await Facts(r.Name))!.State);
    }

    [Fact]
    public async Task Events_of_other_domains_are_not_its_events()
    {
        var mine = Virt("running");
        var other = Virt("running");
        await using var h = await Start(mine, watch: true);
        await h.ConvergeAsync();
        await using (var o = await Start(other)) await o.ConvergeAsync();
        await SettleEventsAsync();
        h.Context.DrainEvents();
        await Tamper(other.Name, d => d.Destroy());
        // Once the other domain's stop has been delivered (and the marker after it), none reached this resource.
        await SettleEventsAsync();
        Assert.False(await h.Context.WaitForEventAsync(TimeSpan.Zero));
    }

    [Fact]
    public async Task An_unreachable_hypervisor_fails_the_resource_with_libvirts_reason()
    {
        var r = Virt("running", v => v.Uri = "test+unix:///default?socket=/nonexistent/mgmt-virt-test.sock");
        await using var h = await Start(r);
        var error = await Assert.ThrowsAsync<LibvirtException>(() => h.CheckApplyAsync());
        Assert.Equal("cannot connect to 'test+unix:///default?socket=/nonexistent/mgmt-virt-test.sock': Failed to connect socket to '/nonexistent/mgmt-virt-test.sock': No such file or directory", error.Message);
        Assert.Equal(1, Pool.Count); // only the test's own connection stays open
    }

    [Fact]
    public async Task The_watch_of_an_unreachable_hypervisor_fails_too()
    {
        var r = Virt("running", v => v.Uri = "test+unix:///default?socket=/nonexistent/mgmt-virt-watch.sock");
        await Assert.ThrowsAsync<LibvirtException>(() => Start(r, watch: true));
    }
}
