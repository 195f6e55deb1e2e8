using Mgmt.Engine.Resources;
using Mgmt.Platform.Libvirt;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.VirtNetwork;

/// <summary>
/// virt:network with its hosts and ranges against libvirt's <c>test:///default</c> driver through our P/Invoke. The
/// driver's state lives in the process's shared connection, which the test also holds to look and to tamper.
/// </summary>
public sealed class VirtNetworkTests : IAsyncLifetime
{
    private const string Uri = "test:///default";
    private readonly List<string> _names = [];
    private LibvirtLease? _observer;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private LibvirtConnection Hypervisor => _observer!.Connection;

    public async ValueTask InitializeAsync()
    {
        if (!LibvirtRuntime.IsInstalled) Assert.Skip("libvirt is not installed (apt-get install libvirt0)");
        _observer = await LibvirtConnectionPool.Shared.AcquireAsync(Uri, cancel: Cancel);
    }

    public async ValueTask DisposeAsync()
    {
        if (_observer is null) return;
        await LibvirtWork.RunAsync(() =>
        {
            foreach (var name in _names)
            {
                using var n = Hypervisor.LookupNetwork(name);
                if (n is null) continue;
                if (n.IsActive()) n.Destroy();
                using var again = Hypervisor.LookupNetwork(name);
                again?.Undefine();
            }
        });
        _observer.Dispose();
    }

    private VirtNetworkResource Network(int subnet, Action<VirtNetworkResource>? configure = null)
    {
        var name = $"net-{Guid.NewGuid():N}"[..12];
        _names.Add(name);
        var r = new VirtNetworkResource { Name = name, Uri = Uri, State = "up", Device = "vb" + name[4..12], Mac = $"52:54:00:00:{subnet:x2}:01", Ip = $"10.77.{subnet}.1/24" };
        configure?.Invoke(r);
        return r;
    }

    private Task<(bool Exists, bool Active, bool Persistent, bool Autostart, NetworkXml? Live, NetworkXml? Config)> Facts(string name) => LibvirtWork.RunAsync(() =>
    {
        using var n = Hypervisor.LookupNetwork(name);
        if (n is null) return (false, false, false, false, (NetworkXml?)null, (NetworkXml?)null);
        var persistent = n.IsPersistent();
        return (true, n.IsActive(), persistent, persistent && n.GetAutostart(), NetworkXml.Parse(n.GetXml()), persistent ? NetworkXml.Parse(n.GetXml(inactive: true)) : null);
    });

    [Fact]
    public async Task Defines_starts_and_stops_a_network()
    {
        var net = Network(1, r => r.Startup = "enabled");
        await using (var h = await ResourceHarness<VirtNetworkResource>.StartAsync(net, watch: false))
        {
            Assert.False(await h.CheckApplyAsync(apply: false));
            Assert.False((await Facts(net.Name)).Exists);
            Assert.False(await h.CheckApplyAsync());
            var facts = await Facts(net.Name);
            Assert.True(facts is { Exists: true, Active: true, Persistent: true, Autostart: true });
            Assert.Equal("10.77.1.1", facts.Live!.Ip);
            Assert.Equal(24, facts.Live.Prefix);
            Assert.Equal(net.Device, facts.Live.Device);
            Assert.Equal("nat", facts.Live.Mode);
            Assert.True(await h.CheckApplyAsync());
        }
        var down = (VirtNetworkResource)net.Copy();
        down.State = "down";
        await using (var h = await ResourceHarness<VirtNetworkResource>.StartAsync(down, watch: false))
        {
            Assert.False(await h.CheckApplyAsync());
            Assert.True((await Facts(net.Name)) is { Exists: true, Active: false });
        }
        var gone = new VirtNetworkResource { Name = net.Name, Uri = Uri, Transient = true, State = "down" };
        await using (var h = await ResourceHarness<VirtNetworkResource>.StartAsync(gone, watch: false))
        {
            Assert.False(await h.CheckApplyAsync());
            Assert.False((await Facts(net.Name)).Exists);
            Assert.True(await h.CheckApplyAsync());
        }
    }

    [Fact]
    public async Task A_changed_base_redefines_and_restarts_keeping_the_leases()
    {
        var net = Network(2);
        await using (var h = await ResourceHarness<VirtNetworkResource>.StartAsync(net, watch: false)) await h.CheckApplyAsync();
        await LibvirtWork.RunAsync(() =>
        {
            using var n = Hypervisor.LookupNetwork(net.Name)!;
            n.Update(NetworkUpdateCommand.AddLast, NetworkSection.DhcpHost, new DhcpHostEntry("52:54:00:aa:bb:cc", "kept", "10.77.2.50").ToXml(), NetworkUpdateTarget.Live | NetworkUpdateTarget.Config);
        }, Cancel);
        var changed = (VirtNetworkResource)net.Copy();
        changed.Mac = "52:54:00:00:02:99";
        await using (var h = await ResourceHarness<VirtNetworkResource>.StartAsync(changed, watch: false))
        {
            Assert.False(await h.CheckApplyAsync());
            var facts = await Facts(net.Name);
            Assert.Equal("52:54:00:00:02:99", facts.Live!.Mac);
            Assert.True(facts.Active);
            Assert.Contains(facts.Config!.Hosts, x => x.Mac == "52:54:00:aa:bb:cc");
            Assert.True(await h.CheckApplyAsync());
        }
    }

    [Fact]
    public async Task Grouped_hosts_and_ranges_are_applied_live_and_stored_and_purged()
    {
        var net = Network(3, r => r.PurgeHosts = true);
        await using var run = await GraphRun.StartAsync(net,
            new VirtNetworkHostResource { Name = "web", Mac = "52:54:00:03:00:10", Ip = "10.77.3.10" },
            new VirtNetworkHostResource { Name = "db", Hostname = "database", Mac = "52:54:00:03:00:11", Ip = "10.77.3.11", Network = net.Name },
            new VirtNetworkRangeResource { Name = "pool", Start = "10.77.3.100", End = "10.77.3.200" });
        await run.CheckedAsync("virt:network", net.Name);
        var facts = await Facts(net.Name);
        foreach (var view in new[] { facts.Live!, facts.Config! })
        {
            Assert.Contains(new DhcpHostEntry("52:54:00:03:00:10", "web", "10.77.3.10"), view.Hosts);
            Assert.Contains(new DhcpHostEntry("52:54:00:03:00:11", "database", "10.77.3.11"), view.Hosts);
            Assert.Contains(new DhcpRangeEntry("10.77.3.100", "10.77.3.200"), view.Ranges);
        }

        // Someone stops the network and adds a lease of their own: the event wakes the resource, which starts it
        // again and purges the stranger.
        var checks = run.StatusOf("virt:network", net.Name).Checks;
        await LibvirtWork.RunAsync(() =>
        {
            using var n = Hypervisor.LookupNetwork(net.Name)!;
            n.Update(NetworkUpdateCommand.AddLast, NetworkSection.DhcpHost, new DhcpHostEntry("52:54:00:03:00:99", "stray", "10.77.3.99").ToXml(), NetworkUpdateTarget.Config);
            n.Destroy();
        }, Cancel);
        await run.EventuallyAsync(() => run.StatusOf("virt:network", net.Name).Checks > checks, "a check after the network stopped");
        // The update and the stop are two events: the check counted above may be the one the update woke, before
        // the stop. Wait for the outcome itself, which only a later check can bring.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            facts = await Facts(net.Name);
            var strayGone = !facts.Config!.Hosts.Any(x => x.Mac == "52:54:00:03:00:99")
                && facts.Live is { } live && !live.Hosts.Any(x => x.Mac == "52:54:00:03:00:99");
            if (facts.Active && strayGone) break;
            Assert.True(DateTime.UtcNow < deadline, $"the network was not started again without the stray lease within 30 s (active: {facts.Active})");
            await Task.Delay(20, Cancel);
        }
        await run.CheckedAsync("virt:network", net.Name);
    }

    [Fact]
    public async Task Hosts_outside_the_subnet_and_hosts_without_a_network_are_clear_errors()
    {
        var net = Network(4);
        await using (var run = await GraphRun.StartAsync(net, new VirtNetworkHostResource { Name = "far", Mac = "52:54:00:04:00:10", Ip = "10.99.0.10" }))
        {
            await run.EventuallyAsync(() => run.StatusOf("virt:network", net.Name).LastError?.Contains("outside network", StringComparison.Ordinal) == true, "the subnet error");
        }
        await using var h = await ResourceHarness<VirtNetworkHostResource>.StartAsync(new VirtNetworkHostResource { Name = "alone", Mac = "52:54:00:04:00:11", Ip = "10.77.4.11", Network = "lan" }, watch: false);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => h.CheckApplyAsync());
        Assert.Contains("add virt:network \"lan\"", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("up", false, "", "52:54:00:00:00:01", "10.0.0.1/24", "", "")]
    [InlineData("sideways", false, "", "52:54:00:00:00:01", "10.0.0.1/24", "", "state 'sideways'")]
    [InlineData("up", true, "enabled", "52:54:00:00:00:01", "10.0.0.1/24", "", "cannot start at boot")]
    [InlineData("up", false, "", "52:54:00:00:00:0A", "10.0.0.1/24", "", "lower-case")]
    [InlineData("up", false, "", "52:54:00:00:00:01", "10.0.0.1", "", "with a prefix")]
    [InlineData("up", false, "", "52:54:00:00:00:01", "fd00::1/64", "", "is not an IPv4 address")]
    [InlineData("up", false, "", "52:54:00:00:00:01", "10.0.0.1/24", "route", "only nat")]
    [InlineData("down", true, "", "", "", "", "")]
    public void Network_parameters_are_checked(string state, bool transient, string startup, string mac, string ip, string mode, string expected)
    {
        var r = new VirtNetworkResource { Name = "n", State = state, Transient = transient, Startup = startup, Mac = mac, Ip = ip, Mode = mode };
        if (expected.Length == 0)
        {
            r.Validate();
            return;
        }
        Assert.Contains(expected, Assert.Throws<ResourceValidationException>(r.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_and_range_parameters_are_checked()
    {
        Assert.Contains("mac", Assert.Throws<ResourceValidationException>(new VirtNetworkHostResource { Name = "h", Mac = "nope", Ip = "10.0.0.2" }.Validate).Message, StringComparison.Ordinal);
        Assert.Contains("not an IPv4", Assert.Throws<ResourceValidationException>(new VirtNetworkHostResource { Name = "h", Mac = "52:54:00:00:00:02", Ip = "x" }.Validate).Message, StringComparison.Ordinal);
        Assert.Contains("after its end", Assert.Throws<ResourceValidationException>(new VirtNetworkRangeResource { Name = "r", Start = "10.0.0.9", End = "10.0.0.2" }.Validate).Message, StringComparison.Ordinal);
        var net = new VirtNetworkResource { Name = "a" };
        Assert.True(net.CanGroupWith(new VirtNetworkHostResource { Name = "h" }));
        Assert.False(net.CanGroupWith(new VirtNetworkRangeResource { Name = "r", Network = "b" }));
    }
}
