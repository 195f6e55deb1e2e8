using Mgmt.Engine.Resources;
using Mgmt.Platform.Firewall;

namespace Mgmt.Resources.Tests.Firewalld;

public sealed class FirewalldValidateTests
{
    [Theory]
    [InlineData("", "public")]
    [InlineData("exists", "")]
    [InlineData("absent", "internal")]
    public void Accepted_states_and_zones_validate(string state, string zone)
    {
        new FirewalldResource { Name = "fw", State = state, Zone = zone, Services = ["http"], Ports = ["80/tcp", "1000-2000/udp"] }.Validate();
    }

    [Fact]
    public void An_unknown_state_is_refused_with_the_choices()
    {
        var e = Assert.Throws<ResourceValidationException>(() => new FirewalldResource { Name = "fw", State = "present" }.Validate());
        Assert.Equal("state must be 'exists', 'absent' or left empty (exists), not 'present'", e.Message);
    }

    [Theory]
    [InlineData("80", "not PORT/PROTOCOL")]
    [InlineData("80/", "not PORT/PROTOCOL")]
    [InlineData("http/tcp", "'http' is not a port number")]
    [InlineData("0/tcp", "'0' is not a port number")]
    [InlineData("65536/tcp", "'65536' is not a port number")]
    [InlineData("2000-1000/tcp", "the range starts above its end")]
    [InlineData("80/icmp", "the protocol must be one of tcp, udp, sctp, dccp, not 'icmp'")]
    [InlineData("80/tcp/udp", "not PORT/PROTOCOL")]
    public void A_malformed_port_is_refused_naming_the_parameter(string port, string expected)
    {
        var e = Assert.Throws<ResourceValidationException>(() => new FirewalldResource { Name = "fw", Ports = [port] }.Validate());
        Assert.StartsWith($"ports contains '{port}'", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("my service")]
    [InlineData("a/b")]
    public void A_malformed_service_is_refused_naming_the_parameter(string service)
    {
        var e = Assert.Throws<ResourceValidationException>(() => new FirewalldResource { Name = "fw", Services = [service] }.Validate());
        Assert.StartsWith("services contains", e.Message);
    }

    [Fact]
    public void A_malformed_zone_is_refused_naming_the_parameter()
    {
        var e = Assert.Throws<ResourceValidationException>(() => new FirewalldResource { Name = "fw", Zone = "my zone" }.Validate());
        Assert.StartsWith("zone 'my zone' is not a zone name", e.Message);
    }

    [Theory]
    [InlineData("1000-2000", "tcp", "1500", "tcp", true)]
    [InlineData("1000-2000", "tcp", "1000", "tcp", true)]
    [InlineData("1000-2000", "tcp", "2000", "tcp", true)]
    [InlineData("1000-2000", "tcp", "2001", "tcp", false)]
    [InlineData("1000-2000", "tcp", "1500", "udp", false)]
    [InlineData("1000-2000", "tcp", "1500-1600", "tcp", true)]
    [InlineData("1000-2000", "tcp", "1500-2600", "tcp", false)]
    [InlineData("80", "tcp", "80", "tcp", true)]
    public void A_listed_range_covers_the_ports_inside_it(string listed, string listedProtocol, string wanted, string wantedProtocol, bool covers)
    {
        Assert.Equal(covers, FirewalldResource.Covers(new FirewallPort(listed, listedProtocol), new FirewallPort(wanted, wantedProtocol)));
    }

    [Fact]
    public void It_comes_after_the_svc_that_runs_firewalld_and_the_package_that_installs_it()
    {
        var candidates = new FirewalldResource { Name = "fw" }.AutoEdges().SelectMany(s => s.Candidates).ToList();
        Assert.Contains(new ResourceUid("svc", "firewalld.service"), candidates);
        Assert.Contains(new ResourceUid("pkg", "firewalld"), candidates);
    }

    [Fact]
    public void The_kind_is_registered_with_its_parameters()
    {
        var kind = ResourceKinds.CreateRegistry().Find("firewalld");
        Assert.NotNull(kind);
        foreach (var param in new[] { "zone", "state", "services", "ports", "permanent" }) Assert.NotNull(kind.FindParam(param));
    }
}
