namespace Mgmt.Lang.Core.OsFunctions;

/// <summary>Facts about the host's operating system read from the usual files.</summary>
internal static class HostInfo
{
    public const string FamilyRedHat = "redhat";
    public const string FamilyDebian = "debian";
    public const string FamilyArchLinux = "archlinux";

    /// <summary>The distro family from the release files, or "" when unknown.</summary>
    public static string Family()
    {
        if (File.Exists("/etc/redhat-release")) return FamilyRedHat;
        if (File.Exists("/etc/debian_version")) return FamilyDebian;
        if (File.Exists("/etc/arch-release")) return FamilyArchLinux;
        var release = OsRelease();
        var ids = (release.GetValueOrDefault("ID", "") + " " + release.GetValueOrDefault("ID_LIKE", "")).Split(' ');
        if (ids.Any(i => i is "rhel" or "fedora" or "centos")) return FamilyRedHat;
        if (ids.Any(i => i is "debian" or "ubuntu")) return FamilyDebian;
        if (ids.Any(i => i is "arch")) return FamilyArchLinux;
        return "";
    }

    /// <summary>The key=value pairs of /etc/os-release (or /usr/lib/os-release), quotes removed.</summary>
    public static Dictionary<string, string> OsRelease()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = File.Exists("/etc/os-release") ? "/etc/os-release" : "/usr/lib/os-release";
        if (!File.Exists(path)) return result;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var eq = line.IndexOf('=');
            if (eq <= 0) continue;
            var value = line[(eq + 1)..];
            if (value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0]) value = value[1..^1].Replace("\\\"", "\"");
            result[line[..eq]] = value;
        }
        return result;
    }

    private static readonly string[] DmiFiles =
    [
        "/sys/class/dmi/id/product_name", "/sys/class/dmi/id/sys_vendor", "/sys/class/dmi/id/board_vendor",
        "/sys/class/dmi/id/bios_vendor", "/sys/class/dmi/id/product_version",
    ];

    private static readonly string[] VirtualVendors =
    [
        "Amazon EC2", "Apple Virtualization", "BHYVE", "Bochs", "Google Compute Engine", "Hyper-V", "innotek GmbH", "KubeVirt",
        "KVM", "OpenStack", "Oracle Corporation", "Parallels", "QEMU", "VMware", "Xen",
    ];

    /// <summary>True on a virtual machine: the CPU reports a hypervisor, or the firmware names a known virtualizer.</summary>
    public static bool IsVirtual()
    {
        if (TryRead("/proc/cpuinfo") is { } cpu && cpu.Contains("hypervisor", StringComparison.Ordinal)) return true;
        return DmiFiles.Select(TryRead).Any(text => text is not null && VirtualVendors.Any(v => text.Contains(v, StringComparison.Ordinal)));
    }

    /// <summary>True when the kernel module is loaded (names compare with '-' and '_' alike, as the kernel does).</summary>
    public static bool ModuleLoaded(string module)
    {
        var wanted = module.Replace('-', '_');
        var modules = TryRead("/proc/modules") ?? "";
        return modules.Split('\n').Any(line => line.Split(' ')[0] == wanted);
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
