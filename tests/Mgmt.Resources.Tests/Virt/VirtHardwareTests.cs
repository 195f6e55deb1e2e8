using Mgmt.Platform.Libvirt;

namespace Mgmt.Resources.Tests.VirtResources;

/// <summary>vCPUs and memory: live changes, stored definitions, and what needs a restart.</summary>
public sealed class VirtHardwareTests : VirtTestBase
{
    [Fact]
    public async Task VCpus_are_hot_plugged_into_the_running_domain()
    {
        var r = Virt("running");
        await using (var h = await Start(r)) await h.ConvergeAsync();
        foreach (var cpus in new uint[] { 3, 1, 4 })
        {
            await using var h = await Start(Like(r, v => v.Cpus = cpus));
            Assert.Equal(1, await h.ConvergeAsync());
            Assert.True(h.Context.Log.Contains("vCPUs changed live (hot-plug) from"));
            var facts = await Facts(r.Name);
            Assert.Equal(DomainState.Running, facts!.State);
            Assert.Equal(cpus, facts.Cpus);
            Assert.Equal((long)cpus, h.Context.Sent["cpus"].AsInt());
        }
        // The stored definition followed too: after a cold boot the count stays.
        await Tamper(r.Name, d => { d.Destroy(); d.Start(); });
        Assert.Equal(4U, (await Facts(r.Name))!.Cpus);
    }

    [Fact]
    public async Task Memory_changes_live_below_the_maximum()
    {
        var r = Virt("running");
        await using (var h = await Start(r)) await h.ConvergeAsync();
        await using var smaller = await Start(Like(r, v => v.Memory = 65536));
        Assert.Equal(1, await smaller.ConvergeAsync());
        var facts = await Facts(r.Name);
        Assert.Equal(65536UL, facts!.MemoryKiB);
        Assert.Equal(131072UL, facts.MaxMemoryKiB);
        Assert.Equal(DomainState.Running, facts.State);
    }

    [Fact]
    public async Task A_stopped_domain_gets_its_definition_changed_limits_included()
    {
        var r = Virt("shutoff");
        await using (var h = await Start(r)) await h.ConvergeAsync();
        await using var bigger = await Start(Like(r, v => { v.MaxCpus = 8; v.Cpus = 6; v.Memory = 262144; }));
        Assert.Equal(1, await bigger.ConvergeAsync());
        Assert.Equal(new DomainFacts(DomainState.Shutoff, true, 6, 8, 262144, 262144), await Facts(r.Name));
        await using var fewer = await Start(Like(r, v => { v.MaxCpus = 2; v.Cpus = 2; }));
        Assert.Equal(1, await fewer.ConvergeAsync());
        var facts = await Facts(r.Name);
        Assert.Equal(2U, facts!.Slots);
        Assert.Equal(2U, facts.Cpus);
    }

    [Fact]
    public async Task A_divergence_is_an_error_by_default_and_says_how_to_resolve_it()
    {
        var r = Virt("running");
        await using (var h = await Start(r)) await h.ConvergeAsync();
        await using var more = await Start(Like(r, v => { v.MaxCpus = 8; v.Cpus = 6; }));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => more.CheckApplyAsync());
        Assert.Equal(
            $"changing the vCPU slots from 4 to 8 needs a restart of the running domain '{r.Name}': set restartondiverge to ifneeded " +
            "to let mgmt restart it (or to ignore to leave it as it is), or restart it by hand", error.Message);
        Assert.Equal(new DomainFacts(DomainState.Running, true, 2, 4, 131072, 131072), await Facts(r.Name));
        Assert.False(await more.CheckApplyAsync(apply: false));
    }

    [Fact]
    public async Task Ifneeded_restarts_the_domain_to_apply_what_cannot_change_live()
    {
        var r = Virt("running");
        await using (var h = await Start(r)) await h.ConvergeAsync();
        await using var more = await Start(Like(r, v => { v.MaxCpus = 8; v.Cpus = 6; v.Memory = 262144; v.RestartOnDiverge = "ifneeded"; }));
        Assert.Equal(1, await more.ConvergeAsync());
        Assert.True(more.Context.Log.Contains("restarting the domain: changing the vCPU slots from 4 to 8 and raising the memory to 262144 KiB"));
        Assert.Equal(new DomainFacts(DomainState.Running, true, 6, 8, 262144, 262144), await Facts(r.Name));
    }

    [Fact]
    public async Task A_transient_domain_is_recreated_from_the_new_definition_on_restart()
    {
        var r = Virt("running", v => v.Transient = true);
        await using (var h = await Start(r)) await h.ConvergeAsync();
        await using var more = await Start(Like(r, v => { v.MaxCpus = 6; v.Cpus = 5; v.RestartOnDiverge = "ifneeded"; }));
        Assert.Equal(1, await more.ConvergeAsync());
        Assert.Equal(new DomainFacts(DomainState.Running, false, 5, 6, 131072, 131072), await Facts(r.Name));
    }

    [Fact]
    public async Task Ignore_leaves_the_limits_and_changes_what_fits()
    {
        var r = Virt("running");
        await using (var h = await Start(r)) await h.ConvergeAsync();
        await using var more = await Start(Like(r, v => { v.MaxCpus = 8; v.Cpus = 3; v.RestartOnDiverge = "ignore"; }));
        Assert.Equal(1, await more.ConvergeAsync());
        Assert.True(more.Context.Log.Contains("needs a restart of the running domain; left as it is"));
        var facts = await Facts(r.Name);
        Assert.Equal(4U, facts!.Slots);
        Assert.Equal(3U, facts.Cpus);
    }

    [Fact]
    public async Task A_refresh_restarts_the_domain_when_asked_to()
    {
        var r = Virt("running", v => v.RestartOnRefresh = true);
        await using var h = await Start(r);
        await h.ConvergeAsync();
        // The events of its creation (defined, started) are delivered asynchronously: they must not be taken for
        // the restart's, so listening starts only once they are all out.
        await SettleEventsAsync();
        var events = new System.Collections.Concurrent.ConcurrentQueue<DomainEvent>();
        using var subscription = Hypervisor.Subscribe(r.Name, events.Enqueue);
        Assert.True(await h.CheckApplyAsync()); // no refresh: nothing to do
        await SettleEventsAsync();
        Assert.Empty(events);

        h.Context.Refresh = true;
        Assert.False(await h.CheckApplyAsync());
        await SettleEventsAsync();
        // The guest was asked to shut down (a stop for the reason "shutdown", not "destroyed"), then started again.
        Assert.Equal(
            [new DomainEvent(r.Name, DomainEventKind.Stopped, StoppedByShutdown), new DomainEvent(r.Name, DomainEventKind.Started, StartedByBoot)],
            events.ToArray());
        Assert.True(h.Context.Log.Contains("restarting the domain: a parent notified it"));
        Assert.Equal(DomainState.Running, (await Facts(r.Name))!.State);
    }

    /// <summary>libvirt's detail codes: VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN and VIR_DOMAIN_EVENT_STARTED_BOOTED.</summary>
    private const int StoppedByShutdown = 0, StartedByBoot = 0;
}
