using System.Text.Json;
using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Net;

/// <summary>
/// The net resource against the real kernel, inside a network namespace each test makes (with a veth pair in it), so
/// that nothing of the machine's own network is touched. The namespace is deleted afterwards.
/// </summary>
public sealed class NetTests : IAsyncLifetime
{
    private readonly string _ns = "mgmt-net-" + Guid.NewGuid().ToString("N")[..8];
    private readonly TempDirectory _dir = new();
    private bool _made;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        if (Posix.EffectiveUid != 0 || !Tool.Exists("ip")) return;
        if ((await Tool.RunAsync("ip", ["netns", "add", _ns])).ExitCode != 0) return;
        _made = true;
        await Ip("link", "add", "va", "type", "veth", "peer", "name", "vb");
        await Ip("link", "set", "vb", "up");
    }

    public async ValueTask DisposeAsync()
    {
        if (_made) await Tool.RunAsync("ip", ["netns", "del", _ns]);
        _dir.Dispose();
    }

    private void Require()
    {
        if (!_made) Assert.Skip("network namespaces need root and iproute2");
    }

    private async Task<string> Ip(params string[] args)
    {
        var r = await Tool.RunAsync("ip", ["-n", _ns, .. args]);
        Assert.True(r.ExitCode == 0, r.Output);
        return r.Stdout;
    }

    private NetResource Net(Action<NetResource> configure)
    {
        var r = new NetResource { Name = "va", Namespace = _ns, NetworkdDirectory = _dir["network"] };
        configure(r);
        return r;
    }

    private async Task<(bool Up, List<string> Addrs, string Gateway)> Facts()
    {
        using var link = JsonDocument.Parse(await Ip("-json", "addr", "show", "dev", "va"));
        var l = link.RootElement[0];
        var up = l.GetProperty("flags").EnumerateArray().Any(f => f.GetString() == "UP");
        var addrs = l.GetProperty("addr_info").EnumerateArray().Where(a => a.GetProperty("scope").GetString() == "global")
            .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}").ToList();
        using var routes = JsonDocument.Parse(await Ip("-json", "-4", "route", "show", "default"));
        var gw = routes.RootElement.EnumerateArray().Select(r => r.TryGetProperty("gateway", out var g) ? g.GetString() : null).FirstOrDefault() ?? "";
        return (up, addrs, gw);
    }

    [Fact]
    public async Task Brings_the_link_up_with_its_addresses_gateway_and_networkd_file()
    {
        Require();
        await Ip("addr", "add", "10.9.9.9/24", "dev", "va");
        var net = Net(r =>
        {
            r.State = "up";
            r.Addrs = ["10.1.2.3/24", "fd00:0:0::5/64"];
            r.Gateway = "10.1.2.254";
            r.IpForward = true;
        });
        await using var h = await ResourceHarness<NetResource>.StartAsync(net, watch: false);
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.False((await Facts()).Up);

        Assert.False(await h.CheckApplyAsync());
        var facts = await Facts();
        Assert.True(facts.Up);
        Assert.Equal(["10.1.2.3/24", "fd00::5/64"], facts.Addrs.Order());
        Assert.Equal("10.1.2.254", facts.Gateway);
        Assert.Equal("[Match]\nName=va\n\n[Network]\nAddress=10.1.2.3/24\nAddress=fd00:0:0::5/64\nGateway=10.1.2.254\nIPForward=true\n",
            await File.ReadAllTextAsync(_dir["network/mgmt-va.network"], Cancel));
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task The_watch_hears_the_kernel_and_the_check_repairs()
    {
        Require();
        var net = Net(r =>
        {
            r.State = "up";
            r.Addrs = ["10.3.0.1/16"];
        });
        await using var h = await ResourceHarness<NetResource>.StartAsync(net);
        Assert.False(await h.CheckApplyAsync());
        await Task.Delay(300, Cancel);
        h.Context.DrainEvents();

        await Ip("addr", "del", "10.3.0.1/16", "dev", "va");
        Assert.True(await h.Context.WaitForEventAsync(), "no event after the address was removed");
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal(["10.3.0.1/16"], (await Facts()).Addrs);

        await Task.Delay(300, Cancel);
        h.Context.DrainEvents();
        await Ip("link", "set", "va", "down");
        Assert.True(await h.Context.WaitForEventAsync(), "no event after the link went down");
        Assert.False(await h.CheckApplyAsync());
        Assert.True((await Facts()).Up);
    }

    [Fact]
    public async Task Down_takes_the_link_down_and_removes_the_file_and_the_reverse_brings_it_back()
    {
        Require();
        var up = Net(r => r.State = "up");
        await using (var h = await ResourceHarness<NetResource>.StartAsync(up, watch: false)) await h.CheckApplyAsync();
        Assert.True(File.Exists(_dir["network/mgmt-va.network"]));
        var down = (NetResource)up.Reversed()!;
        Assert.Equal("down", down.State);
        await using (var h = await ResourceHarness<NetResource>.StartAsync(down, watch: false))
        {
            Assert.False(await h.CheckApplyAsync());
            Assert.False((await Facts()).Up);
            Assert.False(File.Exists(_dir["network/mgmt-va.network"]));
            Assert.True(await h.CheckApplyAsync());
        }
    }

    [Fact]
    public async Task A_missing_interface_is_named()
    {
        Require();
        var ghost = Net(r => r.State = "up");
        ghost.Name = "nosuch0";
        await using var h = await ResourceHarness<NetResource>.StartAsync(ghost, watch: false);
        var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
        Assert.Contains("there is no network interface named nosuch0", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eth0", "sideways", "", "", "state 'sideways'")]
    [InlineData("a/b", "", "", "", "not an interface name")]
    [InlineData("averyveryverylongname", "", "", "", "not an interface name")]
    [InlineData("eth0", "", "10.0.0.1", "", "with its prefix")]
    [InlineData("eth0", "", "10.0.0.1/40", "", "with its prefix")]
    [InlineData("eth0", "", "", "fd00::1", "not an IPv4 address")]
    public void Parameters_are_checked(string name, string state, string addr, string gateway, string expected)
    {
        var r = new NetResource { Name = name, State = state, Addrs = addr.Length > 0 ? [addr] : null, Gateway = gateway };
        Assert.Contains(expected, Assert.Throws<ResourceValidationException>(r.Validate).Message, StringComparison.Ordinal);
    }
}
