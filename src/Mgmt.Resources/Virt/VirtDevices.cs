using System.Globalization;
using System.Text.RegularExpressions;
using Mgmt.Engine.Values;

namespace Mgmt.Resources;

/// <summary>A disk or CD-ROM image: a host file and its format (raw when empty).</summary>
internal sealed record ImageDevice(string Source, string Format);

/// <summary>A network card on a libvirt network, with its MAC address (derived from the domain when empty).</summary>
internal sealed record NetworkDevice(string Network, string Mac);

/// <summary>A host directory shared with the guest.</summary>
internal sealed record FilesystemDevice(string Access, string Source, string Target, bool ReadOnly);

/// <summary>Reads and checks the device lists of a <see cref="VirtResource"/> (mcl lists of structs).</summary>
internal static partial class VirtDevices
{
    private static readonly string[] AccessModes = ["", "passthrough", "mapped", "squash"];

    public static IReadOnlyList<ImageDevice> Disks(VirtResource r) => Images(r.Disk);

    public static IReadOnlyList<ImageDevice> CdRoms(VirtResource r) => Images(r.CdRom);

    public static IReadOnlyList<NetworkDevice> Networks(VirtResource r) =>
        Items(r.Network).Select(s => new NetworkDevice(s["name"].AsStr(), s["mac"].AsStr())).ToList();

    public static IReadOnlyList<FilesystemDevice> Filesystems(VirtResource r) =>
        Items(r.Filesystem).Select(s => new FilesystemDevice(
            s["access"].AsStr(), ExpandHome(s["source"].AsStr()), s["target"].AsStr(), s["read_only"].AsBool())).ToList();

    /// <summary>Throws a validation error naming the first bad device.</summary>
    public static void Validate(VirtResource r)
    {
        foreach (var (list, name) in new[] { (Disks(r), "disk"), (CdRoms(r), "cdrom") })
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (!IsHostPath(list[i].Source)) throw VirtResource.Invalid($"{name} {i}: source '{list[i].Source}' must be an absolute path (or start with ~/)");
            }
        }
        var networks = Networks(r);
        for (var i = 0; i < networks.Count; i++)
        {
            if (networks[i].Network.Length == 0) throw VirtResource.Invalid($"network {i}: name is empty: give the libvirt network to attach to (such as default)");
            if (networks[i].Mac.Length > 0 && !MacAddress().IsMatch(networks[i].Mac))
            {
                throw VirtResource.Invalid($"network {i}: mac '{networks[i].Mac}' is not a MAC address like 52:54:00:12:34:56 (or leave it empty)");
            }
        }
        var filesystems = Filesystems(r);
        for (var i = 0; i < filesystems.Count; i++)
        {
            var fs = filesystems[i];
            if (Array.IndexOf(AccessModes, fs.Access) < 0) throw VirtResource.Invalid($"filesystem {i}: access '{fs.Access}' is not one of passthrough, mapped, squash (or empty)");
            if (!IsHostPath(fs.Source)) throw VirtResource.Invalid($"filesystem {i}: source '{fs.Source}' must be an absolute path (or start with ~/)");
            if (fs.Target.Length == 0) throw VirtResource.Invalid($"filesystem {i}: target is empty: give the tag (or path) the guest mounts it by");
        }
    }

    /// <summary>The host files and directories the devices use, in the form file resources are named by.</summary>
    public static IEnumerable<string> HostPaths(VirtResource r) =>
        Disks(r).Concat(CdRoms(r)).Select(d => ExpandHome(d.Source))
            .Concat(Filesystems(r).Select(f => f.Source.EndsWith('/') ? f.Source : f.Source + "/"))
            .Where(p => p.StartsWith('/'));

    /// <summary>
    /// A MAC address in libvirt's locally administered range (52:54:00), the same for the same domain and card on
    /// every run, so an unset MAC does not change the guest's network identity on each definition.
    /// </summary>
    public static string StableMac(string domain, int index)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{domain}\n{index}"));
        return string.Create(CultureInfo.InvariantCulture, $"52:54:00:{hash[0]:x2}:{hash[1]:x2}:{hash[2]:x2}");
    }

    /// <summary>Expands a leading <c>~</c> to the home directory of the user mgmt runs as.</summary>
    public static string ExpandHome(string path)
    {
        if (path != "~" && !path.StartsWith("~/", StringComparison.Ordinal)) return path;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home.TrimEnd('/') + path[1..];
    }

    private static bool IsHostPath(string path) => ExpandHome(path).StartsWith('/');

    private static List<ImageDevice> Images(Value? list) =>
        Items(list).Select(s => new ImageDevice(ExpandHome(s["source"].AsStr()), s["type"].AsStr())).ToList();

    private static IEnumerable<StructValue> Items(Value? list) =>
        list is ListValue l ? l.Items.OfType<StructValue>() : [];

    [GeneratedRegex("^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$")]
    private static partial Regex MacAddress();
}
