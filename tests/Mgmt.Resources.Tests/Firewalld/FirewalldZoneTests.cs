using Mgmt.Platform.Firewall;
using Mgmt.Resources.Tests.Svc;

namespace Mgmt.Resources.Tests.Firewalld;

/// <summary>firewalld against the real firewalld of the test container: services and ports, runtime and permanent.</summary>
[Collection(SystemdContainerCollection.Name)]
public sealed class FirewalldZoneTests(SystemdContainer container) : FirewalldTestBase(container)
{
    // Each test works on its own services (the tests share one running firewalld and its zones).
    [Fact]
    public async Task Exists_adds_services_and_ports_to_the_running_zone_only()
    {
        await StartFirewalldAsync();
        var port = $"{UniquePort()}/tcp";
        var h = await StartAsync(new FirewalldResource { Zone = "public", Services = ["ftp"], Ports = [port] }, watch: false);

        Assert.False(await h.CheckApplyAsync());

        Assert.Contains("ftp", await ServicesAsync("public"));
        Assert.Contains(FirewalldResource.ParsePort(port), await PortsAsync("public"));
        Assert.DoesNotContain("ftp", await ServicesAsync("public", permanent: true));
        Assert.DoesNotContain(FirewalldResource.ParsePort(port), await PortsAsync("public", permanent: true));
        Assert.True(await h.CheckApplyAsync());
        Assert.True(h.Context.Log.Contains("added the service ftp in the zone public (runtime)"));
    }

    [Fact]
    public async Task Permanent_also_writes_the_zone_file_firewalld_loads_at_start()
    {
        await StartFirewalldAsync();
        var number = UniquePort();
        var h = await StartAsync(new FirewalldResource { Zone = "public", Services = ["imap"], Ports = [$"{number}/udp"], Permanent = true }, watch: false);

        Assert.False(await h.CheckApplyAsync());

        Assert.Contains("imap", await ServicesAsync("public"));
        Assert.Contains("imap", await ServicesAsync("public", permanent: true));
        Assert.Contains(new FirewallPort(number.ToString(System.Globalization.CultureInfo.InvariantCulture), "udp"), await PortsAsync("public", permanent: true));
        var file = await File.ReadAllTextAsync(Container.Root + "/etc/firewalld/zones/public.xml", Cancel);
        Assert.Contains("<service name=\"imap\"/>", file);
        Assert.Contains($"<port port=\"{number}\" protocol=\"udp\"/>", file);
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task Absent_removes_services_and_ports_that_are_there()
    {
        await StartFirewalldAsync();
        var port = FirewalldResource.ParsePort($"{UniquePort()}/tcp");
        await Firewalld.AddServiceAsync("public", "pop3", permanent: false, Cancel);
        await Firewalld.AddPortAsync("public", port, permanent: false, Cancel);
        var h = await StartAsync(new FirewalldResource { Zone = "public", State = "absent", Services = ["pop3"], Ports = [port.ToString()] }, watch: false);

        Assert.False(await h.CheckApplyAsync());

        Assert.DoesNotContain("pop3", await ServicesAsync("public"));
        Assert.DoesNotContain(port, await PortsAsync("public"));
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task Noop_reports_the_difference_without_changing_the_firewall()
    {
        await StartFirewalldAsync();
        var port = $"{UniquePort()}/tcp";
        var h = await StartAsync(new FirewalldResource { Zone = "public", Services = ["smtp"], Ports = [port] }, watch: false);

        Assert.False(await h.CheckApplyAsync(apply: false));

        Assert.DoesNotContain("smtp", await ServicesAsync("public"));
        Assert.DoesNotContain(FirewalldResource.ParsePort(port), await PortsAsync("public"));
    }

    [Fact]
    public async Task Without_a_zone_the_default_zone_is_managed()
    {
        await StartFirewalldAsync();
        var zone = await Firewalld.GetDefaultZoneAsync(Cancel);
        var port = FirewalldResource.ParsePort($"{UniquePort()}/sctp");
        var h = await StartAsync(new FirewalldResource { Ports = [port.ToString()] }, watch: false);

        Assert.False(await h.CheckApplyAsync());

        Assert.Contains(port, await PortsAsync(zone));
    }

    [Fact]
    public async Task A_port_inside_an_open_range_counts_as_open()
    {
        await StartFirewalldAsync();
        var low = UniquePort();
        await Firewalld.AddPortAsync("public", new FirewallPort($"{low}-{low + 10}", "tcp"), permanent: false, Cancel);
        var h = await StartAsync(new FirewalldResource { Zone = "public", Ports = [$"{low + 5}/tcp"] }, watch: false);

        Assert.True(await h.CheckApplyAsync());
        // The same number with another protocol is not covered.
        var udp = await StartAsync(new FirewalldResource { Zone = "public", Ports = [$"{low + 5}/udp"] }, watch: false);
        Assert.False(await udp.CheckApplyAsync(apply: false));
    }

    [Fact]
    public async Task Absent_for_a_port_inside_an_open_range_fails_and_names_the_range()
    {
        await StartFirewalldAsync();
        var low = UniquePort();
        var range = new FirewallPort($"{low}-{low + 10}", "udp");
        await Firewalld.AddPortAsync("public", range, permanent: false, Cancel);
        var h = await StartAsync(new FirewalldResource { Zone = "public", State = "absent", Ports = [$"{low + 1}/udp"] }, watch: false);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => h.CheckApplyAsync());
        Assert.Contains($"opens it as part of the range {range}", e.Message);
        Assert.Contains(range, await PortsAsync("public"));
    }

    [Fact]
    public async Task An_unknown_service_is_firewalld_s_error_with_the_name()
    {
        await StartFirewalldAsync();
        var h = await StartAsync(new FirewalldResource { Zone = "public", Services = ["no-such-service"] }, watch: false);

        var e = await Assert.ThrowsAsync<FirewalldException>(() => h.CheckApplyAsync());
        Assert.Equal("INVALID_SERVICE", e.Code);
        Assert.Contains("add the service no-such-service to the zone public", e.Message);
    }

    [Fact]
    public async Task An_unknown_zone_is_firewalld_s_error_with_the_name()
    {
        await StartFirewalldAsync();
        var h = await StartAsync(new FirewalldResource { Zone = "nozone", Services = ["http"] }, watch: false);

        var e = await Assert.ThrowsAsync<FirewalldException>(() => h.CheckApplyAsync());
        Assert.Equal("INVALID_ZONE", e.Code);
        Assert.Contains("nozone", e.Message);
    }
}
