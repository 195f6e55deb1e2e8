using System.Xml.Linq;

namespace Mgmt.Resources.Tests.VirtResources;

public sealed class DomainXmlTests
{
    private static VirtResource Machine(Action<VirtResource>? configure = null)
    {
        var r = new VirtResource { Name = "web1", Uri = "qemu:///system", State = "running", Cpus = 2, MaxCpus = 4, Memory = 524288 };
        configure?.Invoke(r);
        return r;
    }

    [Fact]
    public void A_hot_pluggable_machine_has_its_slots_acpi_and_an_agent_channel()
    {
        var xml = XElement.Parse(DomainXml.Build(Machine(), "kvm"));
        Assert.Equal("kvm", xml.Attribute("type")!.Value);
        Assert.Equal("web1", xml.Element("name")!.Value);
        Assert.Equal("524288", xml.Element("memory")!.Value);
        Assert.Equal("KiB", xml.Element("memory")!.Attribute("unit")!.Value);
        Assert.Equal("524288", xml.Element("currentMemory")!.Value);
        var vcpu = xml.Element("vcpu")!;
        Assert.Equal("4", vcpu.Value);
        Assert.Equal("2", vcpu.Attribute("current")!.Value);
        var slots = xml.Element("vcpus")!.Elements("vcpu").ToList();
        Assert.Equal(["yes", "yes", "no", "no"], slots.Select(s => s.Attribute("enabled")!.Value));
        Assert.Equal(["no", "yes", "yes", "yes"], slots.Select(s => s.Attribute("hotpluggable")!.Value));
        Assert.NotNull(xml.Element("features")!.Element("acpi"));
        Assert.Equal("hvm", xml.Element("os")!.Element("type")!.Value);
        var channel = xml.Element("devices")!.Element("channel")!;
        Assert.Equal("org.qemu.guest_agent.0", channel.Element("target")!.Attribute("name")!.Value);
    }

    [Fact]
    public void Without_hot_plug_the_machine_has_exactly_its_vcpus()
    {
        var xml = XElement.Parse(DomainXml.Build(Machine(r => r.HotCpus = false), "qemu"));
        Assert.Equal("2", xml.Element("vcpu")!.Value);
        Assert.Null(xml.Element("vcpu")!.Attribute("current"));
        Assert.Null(xml.Element("vcpus"));
        Assert.Null(xml.Element("features"));
        Assert.Null(xml.Element("devices")!.Element("channel"));
    }

    [Fact]
    public void Devices_boot_order_and_container_init_are_written()
    {
        var r = Machine(r =>
        {
            r.Boot = ["cdrom", "hd"];
            r.Disk = VirtValidateTests.Images(("/img/a.qcow2", "qcow2"), ("/img/b.img", ""));
            r.CdRom = VirtValidateTests.Images(("/iso/install.iso", "raw"));
            r.Network = VirtValidateTests.Networks(("default", ""), ("lan", "52:54:00:00:00:07"));
            r.Filesystem = VirtValidateTests.Filesystem("mapped", "/srv/share", "share", readOnly: true);
        });
        var devices = XElement.Parse(DomainXml.Build(r, "kvm")).Element("devices")!;
        var disks = devices.Elements("disk").ToList();
        Assert.Equal(["vda", "vdb", "hda"], disks.Select(d => d.Element("target")!.Attribute("dev")!.Value));
        Assert.Equal(["qcow2", "raw", "raw"], disks.Select(d => d.Element("driver")!.Attribute("type")!.Value));
        Assert.NotNull(disks[2].Element("readonly"));
        var macs = devices.Elements("interface").Select(i => i.Element("mac")!.Attribute("address")!.Value).ToList();
        Assert.Matches("^52:54:00(:[0-9a-f]{2}){3}$", macs[0]);
        Assert.Equal("52:54:00:00:00:07", macs[1]);
        // An unset MAC is the same on every run, so the guest keeps its network identity.
        Assert.Equal(macs[0], XElement.Parse(DomainXml.Build(r, "kvm")).Element("devices")!.Element("interface")!.Element("mac")!.Attribute("address")!.Value);
        var fs = devices.Element("filesystem")!;
        Assert.Equal("mapped", fs.Attribute("accessmode")!.Value);
        Assert.NotNull(fs.Element("readonly"));
        var boot = XElement.Parse(DomainXml.Build(r, "kvm")).Element("os")!.Elements("boot").Select(b => b.Attribute("dev")!.Value);
        Assert.Equal(["cdrom", "hd"], boot);

        var container = XElement.Parse(DomainXml.Build(Machine(c => { c.Uri = "lxc:///"; c.OsInit = "/sbin/init"; }), "lxc"));
        Assert.Equal("exe", container.Element("os")!.Element("type")!.Value);
        Assert.Equal("/sbin/init", container.Element("os")!.Element("init")!.Value);
        Assert.Null(container.Element("vcpus"));
    }

    [Fact]
    public void Names_and_paths_are_escaped()
    {
        var xml = DomainXml.Build(Machine(r => { r.Name = "a<b>&'c"; r.Disk = VirtValidateTests.Images(("/img/it's.img", "raw")); }), "kvm");
        var parsed = XElement.Parse(xml);
        Assert.Equal("a<b>&'c", parsed.Element("name")!.Value);
        Assert.Equal("/img/it's.img", parsed.Element("devices")!.Element("disk")!.Element("source")!.Attribute("file")!.Value);
    }

    [Theory]
    [InlineData("kvm,qemu", "kvm,qemu")]
    [InlineData("qemu,kvm", "kvm,qemu")]
    [InlineData("qemu", "qemu")]
    [InlineData("test", "test")]
    [InlineData("lxc,other", "lxc")]
    public void The_domain_types_prefer_acceleration_then_emulation(string offered, string expected)
    {
        var domains = string.Concat(offered.Split(',').Select(t => $"<domain type='{t}'/>"));
        var caps = $"<capabilities><host><cpu><arch>x86_64</arch></cpu></host>" +
            $"<guest><os_type>hvm</os_type><arch name='aarch64'><domain type='other'/></arch></guest>" +
            $"<guest><os_type>hvm</os_type><arch name='x86_64'>{domains}</arch></guest></capabilities>";
        Assert.Equal(expected.Split(','), DomainXml.PickDomainTypes(caps, "hvm", "'x'"));
    }

    [Fact]
    public void A_hypervisor_without_such_guests_is_an_error()
    {
        const string caps = "<capabilities><host/><guest><os_type>hvm</os_type><arch name='x86_64'><domain type='kvm'/></arch></guest></capabilities>";
        var error = Assert.Throws<InvalidOperationException>(() => DomainXml.PickDomainTypes(caps, "exe", "'qemu:///system'"));
        Assert.Equal("the hypervisor at 'qemu:///system' offers no 'exe' guests, so it cannot run this domain", error.Message);
    }

    [Theory]
    [InlineData(0, "a")]
    [InlineData(25, "z")]
    [InlineData(26, "aa")]
    [InlineData(27, "ab")]
    [InlineData(701, "zz")]
    [InlineData(702, "aaa")]
    public void Drive_letters_count_like_linux(int index, string letters) => Assert.Equal(letters, DomainXml.DriveLetters(index));

    [Theory]
    [InlineData("qemu:///system", "qemu")]
    [InlineData("qemu+ssh://root@host/system", "qemu")]
    [InlineData("LXC:///", "lxc")]
    [InlineData("", "")]
    public void The_uri_scheme_ignores_the_transport(string uri, string scheme) => Assert.Equal(scheme, DomainXml.UriScheme(uri));

    [Fact]
    public void The_guest_agent_is_seen_connected_in_the_live_xml()
    {
        const string connected = "<domain><devices><channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0' state='connected'/></channel></devices></domain>";
        const string disconnected = "<domain><devices><channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0' state='disconnected'/></channel></devices></domain>";
        Assert.True(DomainXml.AgentConnected(connected));
        Assert.False(DomainXml.AgentConnected(disconnected));
        Assert.False(DomainXml.AgentConnected("<domain><devices/></domain>"));
    }
}
