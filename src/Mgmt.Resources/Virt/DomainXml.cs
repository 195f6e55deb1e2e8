using System.Globalization;
using System.Xml.Linq;

namespace Mgmt.Resources;

/// <summary>
/// Builds the libvirt domain XML of a <see cref="VirtResource"/>, and reads back the few facts the resource needs
/// from libvirt's XML (the hypervisor's domain types, whether a guest agent is connected).
/// </summary>
internal static class DomainXml
{
    /// <summary>The guest agent channel's name prefix; the agent lets the host set the guest's online vCPUs.</summary>
    public const string AgentChannel = "org.qemu.guest_agent.";

    /// <summary>
    /// The guest's OS type: a container (<c>exe</c>) for lxc URIs, a full machine (<c>hvm</c>) otherwise.
    /// </summary>
    public static string OsType(string uri) => UriScheme(uri) == "lxc" ? "exe" : "hvm";

    /// <summary>The scheme of a libvirt URI without its transport (<c>qemu+ssh://h/system</c> is qemu).</summary>
    public static string UriScheme(string uri)
    {
        var colon = uri.IndexOf(':');
        var scheme = colon < 0 ? "" : uri[..colon];
        var plus = scheme.IndexOf('+');
        return (plus < 0 ? scheme : scheme[..plus]).ToLowerInvariant();
    }

    /// <summary>
    /// The domain types to try, best first, from the hypervisor's capabilities for guests of <paramref name="osType"/>:
    /// hardware acceleration (<c>kvm</c>) when offered, then emulation (<c>qemu</c>, TCG) when offered too, else the
    /// first type the hypervisor offers (<c>test</c>, <c>lxc</c>, ...). Throws when it offers no such guests.
    /// </summary>
    /// <remarks>
    /// A hypervisor may offer kvm that its guests cannot use (the qemu user without access to /dev/kvm); emulation
    /// is then the fallback, which is why both are returned.
    /// </remarks>
    public static IReadOnlyList<string> PickDomainTypes(string capabilities, string osType, string shownUri)
    {
        var caps = XDocument.Parse(capabilities);
        var hostArch = caps.Root?.Element("host")?.Element("cpu")?.Element("arch")?.Value;
        var guests = caps.Root?.Elements("guest").Where(g => g.Element("os_type")?.Value == osType).ToList() ?? [];
        // Prefer guests of the host's own architecture: emulating another one is slow and rarely meant.
        var native = guests.Where(g => g.Element("arch")?.Attribute("name")?.Value == hostArch).ToList();
        var types = (native.Count > 0 ? native : guests)
            .SelectMany(g => g.Element("arch")?.Elements("domain") ?? [])
            .Select(d => d.Attribute("type")?.Value)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var picked = new[] { "kvm", "qemu" }.Where(types.Contains).ToList();
        if (picked.Count > 0) return picked;
        return types.Count > 0
            ? [types[0]]
            : throw new InvalidOperationException($"the hypervisor at {shownUri} offers no '{osType}' guests, so it cannot run this domain");
    }

    /// <summary>The XML that defines (or creates) the domain of <paramref name="r"/>.</summary>
    public static string Build(VirtResource r, string domainType)
    {
        var osType = OsType(r.Uri);
        var hotplug = r.HotCpus && osType == "hvm";
        var domain = new XElement("domain", new XAttribute("type", domainType),
            new XElement("name", r.Name),
            new XElement("memory", new XAttribute("unit", "KiB"), Number(r.Memory)),
            new XElement("currentMemory", new XAttribute("unit", "KiB"), Number(r.Memory)));

        if (hotplug)
        {
            domain.Add(new XElement("vcpu", new XAttribute("current", Number(r.Cpus)), Number(r.MaxCpus)));
            // vCPU 0 is always there; the others are slots that can be plugged in and out while the guest runs.
            var slots = new XElement("vcpus",
                new XElement("vcpu", new XAttribute("id", "0"), new XAttribute("enabled", "yes"), new XAttribute("hotpluggable", "no"), new XAttribute("order", "1")));
            for (uint i = 1; i < r.MaxCpus; i++)
            {
                slots.Add(new XElement("vcpu", new XAttribute("id", Number(i)), new XAttribute("enabled", i < r.Cpus ? "yes" : "no"), new XAttribute("hotpluggable", "yes")));
            }
            domain.Add(slots);
        }
        else
        {
            domain.Add(new XElement("vcpu", Number(r.Cpus)));
        }

        var os = new XElement("os", new XElement("type", osType));
        if (osType == "exe" && r.OsInit.Length > 0) os.Add(new XElement("init", r.OsInit));
        foreach (var boot in r.Boot ?? []) os.Add(new XElement("boot", new XAttribute("dev", boot)));
        domain.Add(os);
        // ACPI is how the guest learns about hot-plugged vCPUs.
        if (hotplug) domain.Add(new XElement("features", new XElement("acpi")));

        var devices = new XElement("devices");
        var letter = 0;
        foreach (var disk in VirtDevices.Disks(r)) devices.Add(Image(disk, "disk", $"vd{DriveLetters(letter++)}", "virtio"));
        letter = 0;
        foreach (var cdrom in VirtDevices.CdRoms(r)) devices.Add(Image(cdrom, "cdrom", $"hd{DriveLetters(letter++)}", "ide"));
        var networks = VirtDevices.Networks(r);
        for (var i = 0; i < networks.Count; i++)
        {
            var mac = networks[i].Mac.Length > 0 ? networks[i].Mac : VirtDevices.StableMac(r.Name, i);
            devices.Add(new XElement("interface", new XAttribute("type", "network"),
                new XElement("mac", new XAttribute("address", mac)),
                new XElement("source", new XAttribute("network", networks[i].Network))));
        }
        foreach (var fs in VirtDevices.Filesystems(r))
        {
            var element = new XElement("filesystem");
            if (fs.Access.Length > 0) element.Add(new XAttribute("accessmode", fs.Access));
            element.Add(new XElement("source", new XAttribute("dir", fs.Source)), new XElement("target", new XAttribute("dir", fs.Target)));
            if (fs.ReadOnly) element.Add(new XElement("readonly"));
            devices.Add(element);
        }
        if (hotplug)
        {
            // The host end of the guest agent's channel; an agent in the guest can then bring new vCPUs online.
            devices.Add(new XElement("channel", new XAttribute("type", "unix"),
                new XElement("source", new XAttribute("mode", "bind")),
                new XElement("target", new XAttribute("type", "virtio"), new XAttribute("name", AgentChannel + "0"))));
        }
        devices.Add(new XElement("serial", new XAttribute("type", "pty"), new XElement("target", new XAttribute("port", "0"))));
        devices.Add(new XElement("console", new XAttribute("type", "pty"), new XElement("target", new XAttribute("type", "serial"), new XAttribute("port", "0"))));
        domain.Add(devices);
        return domain.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>True when the live XML shows a connected guest agent channel.</summary>
    public static bool AgentConnected(string liveXml)
    {
        var doc = XDocument.Parse(liveXml);
        var connected = false;
        foreach (var target in doc.Descendants("channel").Select(c => c.Element("target")).OfType<XElement>())
        {
            if (target.Attribute("type")?.Value != "virtio") continue;
            if (!(target.Attribute("name")?.Value ?? "").StartsWith(AgentChannel, StringComparison.Ordinal)) continue;
            connected = target.Attribute("state")?.Value == "connected";
        }
        return connected;
    }

    /// <summary>Drive suffixes as Linux names them: a..z, then aa, ab, ...</summary>
    public static string DriveLetters(int index)
    {
        var letters = "";
        index++;
        while (index > 0)
        {
            index--;
            letters = (char)('a' + index % 26) + letters;
            index /= 26;
        }
        return letters;
    }

    private static XElement Image(ImageDevice image, string device, string target, string bus)
    {
        var element = new XElement("disk", new XAttribute("type", "file"), new XAttribute("device", device),
            new XElement("driver", new XAttribute("name", "qemu"), new XAttribute("type", image.Format.Length > 0 ? image.Format : "raw")),
            new XElement("source", new XAttribute("file", image.Source)),
            new XElement("target", new XAttribute("dev", target), new XAttribute("bus", bus)));
        if (device == "cdrom") element.Add(new XElement("readonly"));
        return element;
    }

    private static string Number(ulong n) => n.ToString(CultureInfo.InvariantCulture);
}
