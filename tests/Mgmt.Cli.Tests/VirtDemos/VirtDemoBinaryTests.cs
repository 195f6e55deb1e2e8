using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.VirtDemos;

/// <summary>
/// The VM demos run by the real mgmt binary, as a user runs them. The test driver's mock hypervisor lives inside
/// that process, so the test reads what libvirt reported through the state files the programs write (the virt
/// resources send the state libvirt reports) and through the agent's log.
/// </summary>
public sealed class VirtDemoBinaryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mgmt-virt-demo-bin-").FullName;

    private Dictionary<string, string> Environment => new() { ["MGMT_DEMO_DIR"] = _dir };

    private string State(string domain) => VirtDemo.Read(Path.Combine(_dir, domain + ".state")) ?? "";

    [Fact]
    public async Task The_autoscaler_runs_under_mgmt_run_lang()
    {
        VirtDemo.RequireLibvirt();
        var load = Path.Combine(_dir, "load");
        VirtDemo.Write(load, "0.5");
        await using var mgmt = MgmtProcess.Start(["run", "--tmp-prefix", "lang", VirtDemo.Example("virt-autoscaler.mcl")], Environment);
        await VirtDemo.Eventually(() => Task.FromResult(State("autoscaler-vm1") == "running" && State("autoscaler-vm2") == "running"), "both domains to run");

        VirtDemo.Write(load, "3.25");
        await mgmt.WaitForLogAsync("virt[autoscaler-vm2]: changed destroy the domain");
        await VirtDemo.Eventually(() => Task.FromResult(State("autoscaler-vm2") == "absent"), "vm2's state to say absent");

        VirtDemo.Write(load, "0.25");
        var calmSince = DateTime.UtcNow;
        await VirtDemo.Eventually(() => Task.FromResult(State("autoscaler-vm2") == "running"), "vm2 to run again");
        Assert.True(DateTime.UtcNow - calmSince >= TimeSpan.FromSeconds(10), "vm2 came back before ten calm seconds");
        Assert.Equal("running", State("autoscaler-vm1"));
        mgmt.Signal(15);
        Assert.Equal(0, await mgmt.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task The_hotplug_demo_runs_under_mgmt_run_lang()
    {
        VirtDemo.RequireLibvirt();
        var cpus = Path.Combine(_dir, "cpus");
        VirtDemo.Write(cpus, "2");
        await using var mgmt = MgmtProcess.Start(["run", "--tmp-prefix", "lang", VirtDemo.Example("virt-hotplug.mcl")], Environment);
        await mgmt.WaitForLogAsync("virt[hotplug-vm]: changed create domain 'hotplug-vm'");
        await VirtDemo.Eventually(() => Task.FromResult(State("hotplug-vm") == "running"), "the state file to say running");
        VirtDemo.Write(cpus, "4");
        await mgmt.WaitForLogAsync("virt[hotplug-vm]: changed hot-plug vCPUs from 2 to 4");
        VirtDemo.Write(cpus, "3");
        await mgmt.WaitForLogAsync("virt[hotplug-vm]: changed hot-plug vCPUs from 4 to 3");
        Assert.DoesNotContain("destroy", mgmt.Stderr, StringComparison.Ordinal);
        mgmt.Signal(15);
        Assert.Equal(0, await mgmt.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
