using Mgmt.Engine.Values;
using Mgmt.Platform.Libvirt;

namespace Mgmt.Resources.Tests.VirtResources;

/// <summary>Existence, persistence and run state, against libvirt's test driver.</summary>
public sealed class VirtStateTests : VirtTestBase
{
    [Fact]
    public async Task A_missing_domain_is_defined_and_started_once()
    {
        var r = Virt("running");
        await using var h = await Start(r);
        Assert.False(await h.CheckApplyAsync());
        var facts = await Facts(r.Name);
        Assert.Equal(new DomainFacts(DomainState.Running, true, 2, 4, 131072, 131072), facts);
        Assert.True(await h.CheckApplyAsync());
        Assert.True(h.Context.Log.Contains("domain defined"));
        Assert.True(h.Context.Log.Contains("domain started"));
        Assert.Equal("running", SentState(h.Context));
        Assert.Equal(2L, h.Context.Sent["cpus"].AsInt());
        Assert.Equal(131072L, h.Context.Sent["memory"].AsInt());
    }

    [Fact]
    public async Task A_transient_domain_exists_only_while_it_runs()
    {
        var r = Virt("running", v => v.Transient = true);
        await using (var h = await Start(r))
        {
            Assert.Equal(1, await h.ConvergeAsync());
            var facts = await Facts(r.Name);
            Assert.Equal(DomainState.Running, facts!.State);
            Assert.False(facts.Persistent);
        }
        // Shut off and transient: the domain must not exist.
        await using (var h = await Start(Like(r, v => v.State = "shutoff")))
        {
            Assert.Equal(1, await h.ConvergeAsync());
            Assert.Null(await Facts(r.Name));
            Assert.Equal("absent", SentState(h.Context));
            Assert.True(await h.CheckApplyAsync());
        }
    }

    [Fact]
    public async Task Paused_running_and_shutoff_are_reached_from_each_other()
    {
        var r = Virt("paused");
        await using (var h = await Start(r))
        {
            // From nothing to paused (the test driver cannot start paused in one step: started, then paused).
            Assert.Equal(1, await h.ConvergeAsync());
            Assert.Equal(DomainState.Paused, (await Facts(r.Name))!.State);
        }
        await using (var h = await Start(Like(r, v => v.State = "running")))
        {
            Assert.Equal(1, await h.ConvergeAsync());
            Assert.True(h.Context.Log.Contains("domain resumed"));
            Assert.Equal(DomainState.Running, (await Facts(r.Name))!.State);
        }
        await using (var h = await Start(Like(r, v => v.State = "shutoff")))
        {
            Assert.Equal(1, await h.ConvergeAsync());
            var facts = await Facts(r.Name);
            Assert.Equal(DomainState.Shutoff, facts!.State);
            Assert.True(facts.Persistent);
            Assert.Equal("shutoff", SentState(h.Context));
        }
        await using (var h = await Start(Like(r, v => v.State = "paused")))
        {
            Assert.Equal(1, await h.ConvergeAsync());
            Assert.Equal(DomainState.Paused, (await Facts(r.Name))!.State);
        }
    }

    [Fact]
    public async Task Persistence_follows_the_transient_parameter_without_stopping_the_domain()
    {
        var r = Virt("running");
        await using (var h = await Start(r)) await h.ConvergeAsync();
        await using (var h = await Start(Like(r, v => v.Transient = true)))
        {
            Assert.Equal(1, await h.ConvergeAsync());
            var facts = await Facts(r.Name);
            Assert.False(facts!.Persistent);
            Assert.Equal(DomainState.Running, facts.State);
        }
        await using (var h = await Start(Like(r, v => v.Transient = false)))
        {
            Assert.Equal(1, await h.ConvergeAsync());
            Assert.True((await Facts(r.Name))!.Persistent);
        }
    }

    [Fact]
    public async Task A_stopped_persistent_domain_that_must_be_transient_is_created_again()
    {
        var r = Virt("shutoff");
        await using (var h = await Start(r)) await h.ConvergeAsync();
        Assert.Equal(DomainState.Shutoff, (await Facts(r.Name))!.State);
        await using var again = await Start(Like(r, v => { v.Transient = true; v.State = "running"; }));
        Assert.Equal(1, await again.ConvergeAsync());
        var facts = await Facts(r.Name);
        Assert.False(facts!.Persistent);
        Assert.Equal(DomainState.Running, facts.State);
    }

    [Fact]
    public async Task Noop_reports_the_difference_and_changes_nothing()
    {
        var r = Virt("running");
        await using var h = await Start(r);
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.Null(await Facts(r.Name));
        Assert.True(h.Context.Log.Contains($"would create domain '{r.Name}' (noop)"));
        Assert.Empty(h.Context.Sent);

        Assert.False(await h.CheckApplyAsync());
        await Tamper(r.Name, d => d.Suspend());
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.Equal(DomainState.Paused, (await Facts(r.Name))!.State);
        Assert.True(h.Context.Log.Contains("would resume the domain (noop)"));
    }

    [Fact]
    public async Task A_destroyed_or_undefined_domain_is_put_back()
    {
        var r = Virt("running");
        await using var h = await Start(r);
        await h.ConvergeAsync();
        await Tamper(r.Name, d => d.Destroy());
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal(DomainState.Running, (await Facts(r.Name))!.State);
        await Tamper(r.Name, d => d.Undefine());
        // Undefined while running: it runs on as a transient domain, which the check defines again.
        Assert.False(await h.CheckApplyAsync());
        Assert.True((await Facts(r.Name))!.Persistent);
    }

    [Fact]
    public async Task An_empty_state_leaves_the_run_state_alone()
    {
        var r = Virt("");
        await using var h = await Start(r);
        Assert.Equal(1, await h.ConvergeAsync());
        Assert.Equal(DomainState.Shutoff, (await Facts(r.Name))!.State); // defined, not started
        await Tamper(r.Name, d => d.Start());
        Assert.True(await h.CheckApplyAsync());
        Assert.Equal(DomainState.Running, (await Facts(r.Name))!.State);
    }

    [Fact]
    public async Task The_sent_values_have_the_declared_types()
    {
        var d = ResourceKinds.CreateRegistry().Find("virt")!;
        Assert.Equal(["state", "cpus", "memory"], d.Sends.Select(s => s.Name));
        Assert.Equal([DataType.Str, DataType.Int, DataType.Int], d.Sends.Select(s => s.Type));
    }
}
