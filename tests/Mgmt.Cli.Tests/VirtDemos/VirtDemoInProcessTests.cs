using Mgmt.Platform.Libvirt;

namespace Mgmt.Cli.Tests.VirtDemos;

/// <summary>
/// The VM demos run by the mgmt command line in this process, against libvirt's test driver, so that the test looks
/// at the very mock hypervisor the agent drives (its state lives inside the process). The two tests share the
/// MGMT_DEMO_DIR variable the programs read, so they live in one class and run one after the other. Slow on purpose:
/// the autoscaler's hysteresis is ten seconds long.
/// </summary>
public sealed class VirtDemoInProcessTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mgmt-virt-demo-").FullName;
    private readonly StringWriter _log = new();
    private readonly CancellationTokenSource _stop = new();
    private LibvirtLease? _lease;
    private Task<int>? _agent;

    private LibvirtConnection Hypervisor => _lease!.Connection;

    public async ValueTask InitializeAsync()
    {
        VirtDemo.RequireLibvirt();
        // Held for the whole test: the mock hypervisor lives as long as a connection to it is open.
        _lease = await LibvirtConnectionPool.Shared.AcquireAsync(VirtDemo.Uri, cancel: TestContext.Current.CancellationToken);
    }

    private void StartAgent(string example)
    {
        Environment.SetEnvironmentVariable("MGMT_DEMO_DIR", _dir);
        var log = TextWriter.Synchronized(_log);
        _agent = CliApp.RunAsync(["run", "--tmp-prefix", "lang", VirtDemo.Example(example)], log, log, _ => null, _stop.Token);
    }

    private async Task<bool> IsState(string name, DomainState? state)
    {
        if (_agent!.IsCompleted) Assert.Fail($"mgmt stopped ({await _agent}). Its log:\n{_log}");
        var domain = await VirtDemo.Domain(Hypervisor, name);
        return state is null ? domain is null : domain?.State == state;
    }

    [Fact]
    public async Task The_autoscaler_sheds_a_domain_under_load_and_brings_it_back_after_ten_calm_seconds()
    {
        var load = Path.Combine(_dir, "load");
        VirtDemo.Write(load, "0.5");
        StartAgent("virt-autoscaler.mcl");
        await VirtDemo.Eventually(() => IsState("autoscaler-vm1", DomainState.Running), "vm1 to run");
        await VirtDemo.Eventually(() => IsState("autoscaler-vm2", DomainState.Running), "vm2 to run");

        VirtDemo.Write(load, "2.0");
        await VirtDemo.Eventually(() => IsState("autoscaler-vm2", null), "vm2 to be shut down under load");
        Assert.True(await IsState("autoscaler-vm1", DomainState.Running));

        VirtDemo.Write(load, "0.3");
        var calmSince = DateTime.UtcNow;
        await Status("low:");
        await Until(calmSince.AddSeconds(5));
        Assert.True(await IsState("autoscaler-vm2", null), "vm2 came back before the load had been low for ten seconds");

        // A short burst of load starts the ten seconds over (waiting until the agent has taken it into account,
        // so that a busy machine cannot make it miss the burst).
        VirtDemo.Write(load, "1.8");
        await Status("high:");
        VirtDemo.Write(load, "0.3");
        calmSince = DateTime.UtcNow;
        await Status("low:");
        await Until(calmSince.AddSeconds(6));
        Assert.True(await IsState("autoscaler-vm2", null), "vm2 came back although the load was high again six seconds ago");

        await VirtDemo.Eventually(() => IsState("autoscaler-vm2", DomainState.Running), "vm2 to come back after ten calm seconds");
        Assert.True(DateTime.UtcNow - calmSince >= TimeSpan.FromSeconds(10), "vm2 came back before ten calm seconds");
        Assert.True(await IsState("autoscaler-vm1", DomainState.Running));
        // The program's state file follows what libvirt reported after the check.
        await VirtDemo.Eventually(() => Task.FromResult(VirtDemo.Read(Path.Combine(_dir, "autoscaler-vm2.state")) == "running"), "vm2's state file to say running");
    }

    /// <summary>Waits until the autoscaler's status file starts with <paramref name="prefix"/>.</summary>
    private Task Status(string prefix) => VirtDemo.Eventually(async () =>
    {
        if (_agent!.IsCompleted) Assert.Fail($"mgmt stopped ({await _agent}). Its log:\n{_log}");
        return VirtDemo.Read(Path.Combine(_dir, "autoscaler.status"))?.StartsWith(prefix, StringComparison.Ordinal) == true;
    }, $"the autoscaler's status to say '{prefix}'");

    private static async Task Until(DateTime when)
    {
        var left = when - DateTime.UtcNow;
        if (left > TimeSpan.Zero) await Task.Delay(left, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task The_hotplug_demo_changes_the_vcpus_of_the_running_domain_live()
    {
        var cpus = Path.Combine(_dir, "cpus");
        VirtDemo.Write(cpus, "2");
        var events = new System.Collections.Concurrent.ConcurrentQueue<DomainEventKind>();
        using var watch = Hypervisor.Subscribe("hotplug-vm", e => events.Enqueue(e.Kind));
        StartAgent("virt-hotplug.mcl");
        await VirtDemo.Eventually(async () => await VirtDemo.Domain(Hypervisor, "hotplug-vm") is { State: DomainState.Running, Cpus: 2 }, "the domain to run with 2 vCPUs");
        foreach (var wanted in new uint[] { 4, 1, 8 })
        {
            VirtDemo.Write(cpus, wanted.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await VirtDemo.Eventually(async () => (await VirtDemo.Domain(Hypervisor, "hotplug-vm"))?.Cpus == wanted, $"{wanted} vCPUs");
        }
        // Hot-plugged: the domain was started once and never stopped.
        Assert.Equal([DomainEventKind.Started], events.ToArray());
        Assert.Contains("hot-plug vCPUs from 4 to 1", _log.ToString(), StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_agent is not null) Assert.Equal(0, await _agent.WaitAsync(TimeSpan.FromSeconds(30)));
        Environment.SetEnvironmentVariable("MGMT_DEMO_DIR", null);
        if (_lease is not null)
        {
            await VirtDemo.Remove(Hypervisor, "autoscaler-vm1", "autoscaler-vm2", "hotplug-vm");
            _lease.Dispose();
        }
        _stop.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
