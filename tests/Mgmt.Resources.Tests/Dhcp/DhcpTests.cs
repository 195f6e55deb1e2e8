using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Dhcp;

/// <summary>
/// A real DHCP exchange: the dhcp:server (on the real engine, with its hosts and ranges grouped into it) serves a
/// network namespace of the test's own, and busybox's udhcpc asks for a lease from a second namespace joined to the
/// first by a veth pair. Nothing of the machine's own network is touched; both namespaces are deleted afterwards.
/// </summary>
public sealed class DhcpTests : IAsyncLifetime
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..6];
    private readonly TempDirectory _dir = new();
    private bool _made;

    private string ServerNs => $"mgmt-dhs-{_id}";

    private string ClientNs => $"mgmt-dhc-{_id}";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        if (Posix.EffectiveUid != 0 || !Tool.Exists("ip") || !Tool.Exists("busybox")) return;
        if ((await Tool.RunAsync("ip", ["netns", "add", ServerNs])).ExitCode != 0) return;
        await Tool.RunAsync("ip", ["netns", "add", ClientNs]);
        _made = true;
        await Ip(ServerNs, "link", "add", "ds", "type", "veth", "peer", "name", "dc", "netns", ClientNs);
        await Ip(ServerNs, "addr", "add", "10.66.0.1/24", "dev", "ds");
        await Ip(ServerNs, "link", "set", "ds", "up");
        await Ip(ClientNs, "link", "set", "dc", "up");
        var script = _dir["udhcpc.sh"];
        await File.WriteAllTextAsync(script, $"#!/bin/sh\n[ \"$1\" = bound ] && env > {_dir["bound.env"]}\nexit 0\n", Cancel);
        await Tool.RunAsync("chmod", ["700", script]);
    }

    public async ValueTask DisposeAsync()
    {
        if (_made)
        {
            await Tool.RunAsync("ip", ["netns", "del", ServerNs]);
            await Tool.RunAsync("ip", ["netns", "del", ClientNs]);
        }
        _dir.Dispose();
    }

    private static async Task Ip(string ns, params string[] args)
    {
        var r = await Tool.RunAsync("ip", ["-n", ns, .. args]);
        Assert.True(r.ExitCode == 0, r.Output);
    }

    private void Require()
    {
        if (!_made) Assert.Skip("network namespaces need root, iproute2 and busybox");
    }

    /// <summary>Runs udhcpc in the client namespace with <paramref name="mac"/>; returns what its bound script saw.</summary>
    private async Task<Dictionary<string, string>> LeaseAsync(string mac)
    {
        await Ip(ClientNs, "link", "set", "dc", "address", mac);
        File.Delete(_dir["bound.env"]);
        var r = await Tool.RunAsync("ip", ["netns", "exec", ClientNs, "busybox", "udhcpc", "-i", "dc", "-n", "-q", "-f", "-t", "5", "-T", "1",
            "-s", _dir["udhcpc.sh"], "-O", "tftp", "-O", "bootfile"], seconds: 60);
        Assert.True(r.ExitCode == 0 && File.Exists(_dir["bound.env"]), $"udhcpc got no lease:\n{r.Output}");
        return (await File.ReadAllLinesAsync(_dir["bound.env"], Cancel)).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
    }

    private DhcpServerResource Server() => new()
    {
        Name = "lan", Address = ":67", Interface = "ds", Namespace = ServerNs, ServerId = "10.66.0.1", LeaseTime = "1h",
        Routers = ["10.66.0.1"], Dns = ["10.66.0.53", "10.66.0.54"], Nbp = "tftp://10.66.0.1/pxelinux.0",
    };

    [Fact]
    public async Task A_real_client_gets_its_static_address_or_one_from_the_range()
    {
        Require();
        var server = Server();
        await using var run = await GraphRun.StartAsync(server,
            new DhcpHostResource { Name = "printer", Mac = "52:54:00:66:00:10", Ip = "10.66.0.10/24", Nbp = "tftp://10.66.0.2/printer.bin" },
            new DhcpRangeResource { Name = "pool", From = "10.66.0.100/24", To = "10.66.0.101/24", Skip = ["10.66.0.100"] });
        await run.EventuallyAsync(() => server.BoundPort is not null, "the server to listen");
        await run.CheckedAsync("dhcp:server", "lan");

        var fixedLease = await LeaseAsync("52:54:00:66:00:10");
        Assert.Equal("10.66.0.10", fixedLease["ip"]);
        Assert.Equal("255.255.255.0", fixedLease["subnet"]);
        Assert.Equal("10.66.0.1", fixedLease["router"]);
        Assert.Equal("10.66.0.53 10.66.0.54", fixedLease["dns"].Trim());
        Assert.Equal("3600", fixedLease["lease"]);
        Assert.Equal("10.66.0.1", fixedLease["serverid"]);
        Assert.Equal("10.66.0.2", fixedLease["tftp"]);
        Assert.Equal("/printer.bin", fixedLease["bootfile"]);

        // The range is 10.66.0.100-101 with .100 skipped: the first dynamic client gets .101, and keeps it.
        var dynamic = await LeaseAsync("52:54:00:66:00:20");
        Assert.Equal("10.66.0.101", dynamic["ip"]);
        Assert.Equal("/pxelinux.0", dynamic["bootfile"]);
        Assert.Equal("10.66.0.101", (await LeaseAsync("52:54:00:66:00:20"))["ip"]);
    }

    [Fact]
    public async Task A_full_range_gives_nothing_and_a_member_without_a_server_says_so()
    {
        Require();
        var server = Server();
        await using (var run = await GraphRun.StartAsync(server, new DhcpRangeResource { Name = "tiny", From = "10.66.0.200", To = "10.66.0.200", Mask = "255.255.255.0" }))
        {
            await run.EventuallyAsync(() => server.BoundPort is not null, "the server to listen");
            Assert.Equal("10.66.0.200", (await LeaseAsync("52:54:00:66:00:30"))["ip"]);
            await Ip(ClientNs, "link", "set", "dc", "address", "52:54:00:66:00:31");
            var r = await Tool.RunAsync("ip", ["netns", "exec", ClientNs, "busybox", "udhcpc", "-i", "dc", "-n", "-q", "-f", "-t", "2", "-T", "1", "-s", _dir["udhcpc.sh"]], seconds: 60);
            Assert.NotEqual(0, r.ExitCode);
        }
        await using var h = await ResourceHarness<DhcpHostResource>.StartAsync(new DhcpHostResource { Name = "h", Server = "lan", Mac = "52:54:00:66:00:40", Ip = "10.66.0.40/24" }, watch: false);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => h.CheckApplyAsync());
        Assert.Contains("add dhcp:server \"lan\"", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("srv", "", "", "", "has no port")]
    [InlineData(":67", "x.y", "", "", "serverid 'x.y'")]
    [InlineData(":67", "", "ten", "", "leasetime 'ten'")]
    [InlineData(":67", "", "", "http://x/y", "must be a tftp URL")]
    public void Server_parameters_are_checked(string name, string serverId, string lease, string nbp, string expected)
    {
        var r = new DhcpServerResource { Name = name, ServerId = serverId, LeaseTime = lease, Nbp = nbp };
        Assert.Contains(expected, Assert.Throws<ResourceValidationException>(r.Validate).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "10.0.0.9", "10.0.0.2", "/24", "after its end")]
    [InlineData("", "10.0.0.1", "10.0.1.2", "/24", "not in one /24")]
    [InlineData("", "10.0.0.1", "10.0.0.9", "", "set mask")]
    [InlineData("", "10.0.0.1", "10.0.0.9", "255.0.255.0", "not a netmask")]
    [InlineData("10.0.0.0", "", "", "", "with its prefix")]
    [InlineData("10.0.0.0/24", "10.0.0.1/24", "10.0.0.9/24", "", "not both")]
    public void Range_parameters_are_checked(string network, string from, string to, string mask, string expected)
    {
        var r = new DhcpRangeResource { Name = "r", Network = network, From = from, To = to, Mask = mask };
        Assert.Contains(expected, Assert.Throws<ResourceValidationException>(r.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_range_leaves_out_the_network_and_broadcast_addresses_and_the_name_is_the_network()
    {
        var (first, last, prefix, _) = new DhcpRangeResource { Name = "192.168.42.0/24" }.Pool();
        Assert.Equal(24, prefix);
        Assert.Equal(0xC0A82A01u, first);
        Assert.Equal(0xC0A82AFEu, last);
        // A range that ends on the broadcast address stops just before it.
        Assert.Equal(0x0A0000FEu, new DhcpRangeResource { Name = "r", From = "10.0.0.1/24", To = "10.0.0.255/24" }.Pool().Last);
        Assert.Contains("mac", Assert.Throws<ResourceValidationException>(new DhcpHostResource { Name = "h", Mac = "AA:BB:CC:DD:EE:FF", Ip = "10.0.0.2/24" }.Validate).Message, StringComparison.Ordinal);
    }
}
