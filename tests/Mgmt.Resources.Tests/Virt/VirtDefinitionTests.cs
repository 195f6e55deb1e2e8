using System.Xml.Linq;
using Mgmt.Platform.Libvirt;

namespace Mgmt.Resources.Tests.VirtResources;

/// <summary>The generated definition as libvirt itself stores it: boot order, disks, CD-ROMs and network cards.</summary>
public sealed class VirtDefinitionTests : VirtTestBase
{
    [Fact]
    public async Task Libvirt_keeps_the_boot_order_disks_and_network_cards_it_was_given()
    {
        var r = Virt("running", v =>
        {
            v.Boot = ["network", "hd"];
            v.Disk = VirtValidateTests.Images(("/var/lib/mgmt-test/root.qcow2", "qcow2"), ("/var/lib/mgmt-test/data.img", ""));
            v.CdRom = VirtValidateTests.Images(("/var/lib/mgmt-test/install.iso", "raw"));
            v.Network = VirtValidateTests.Networks(("default", ""), ("default", "52:54:00:0a:0b:0c"));
        });
        r.Validate();
        await using var h = await Start(r);
        Assert.Equal(1, await h.ConvergeAsync());

        var stored = XElement.Parse(await LibvirtWork.RunAsync(() =>
        {
            using var domain = Hypervisor.LookupDomain(r.Name)!;
            return domain.GetXml(inactive: true);
        }, Ct));
        Assert.Equal(["network", "hd"], stored.Element("os")!.Elements("boot").Select(b => b.Attribute("dev")!.Value));
        var disks = stored.Element("devices")!.Elements("disk").ToList();
        Assert.Equal(
            ["/var/lib/mgmt-test/root.qcow2 vda disk qcow2", "/var/lib/mgmt-test/data.img vdb disk raw", "/var/lib/mgmt-test/install.iso hda cdrom raw"],
            disks.Select(d => $"{d.Element("source")!.Attribute("file")!.Value} {d.Element("target")!.Attribute("dev")!.Value} " +
                $"{d.Attribute("device")!.Value} {d.Element("driver")!.Attribute("type")!.Value}"));
        var cards = stored.Element("devices")!.Elements("interface").ToList();
        Assert.Equal(["default", "default"], cards.Select(c => c.Element("source")!.Attribute("network")!.Value));
        Assert.Equal(VirtDevices.StableMac(r.Name, 0), cards[0].Element("mac")!.Attribute("address")!.Value);
        Assert.Equal("52:54:00:0a:0b:0c", cards[1].Element("mac")!.Attribute("address")!.Value);
        // The slots and the plugged-in vCPUs, as the hot-plug needs them.
        Assert.Equal("4", stored.Element("vcpu")!.Value);
        Assert.Equal("2", stored.Element("vcpu")!.Attribute("current")!.Value);
        Assert.True(await h.CheckApplyAsync());
    }
}
