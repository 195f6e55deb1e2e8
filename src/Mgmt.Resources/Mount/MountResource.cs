using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;

namespace Mgmt.Resources;

/// <summary>
/// <c>mount</c>: a file system mounted at the resource's name (the mount point), and its line in
/// <c>/etc/fstab</c> so that it comes back at boot. Absent, it is unmounted and its fstab line removed.
/// </summary>
/// <remarks>
/// Mounting and unmounting go through mount(8) and umount(8), which understand fstab's options (<c>loop</c> for
/// an image file, <c>defaults</c>, ...). fstab is rewritten atomically, keeping every other line. The watch
/// follows fstab with inotify and the mount table through the kernel's change notification on
/// <c>/proc/self/mountinfo</c>. See docs/resources/mount.md.
/// </remarks>
[ResourceKind("mount")]
public sealed partial class MountResource : Resource, IEdgeable
{
    /// <summary><c>exists</c> or <c>absent</c>.</summary>
    [Param("state")]
    public string State { get; set; } = "";

    /// <summary>What to mount: a device path, <c>UUID=</c>, <c>LABEL=</c>, <c>PARTUUID=</c>, <c>PARTLABEL=</c>, an image file (with the <c>loop</c> option), or a name for a virtual file system such as tmpfs.</summary>
    [Param("device")]
    public string Device { get; set; } = "";

    /// <summary>The file system type (ext4, xfs, tmpfs, ...).</summary>
    [Param("type")]
    public string Type { get; set; } = "";

    /// <summary>Mount options as name to value (an empty value for a plain flag); <c>defaults</c> when unset.</summary>
    [Param("options")]
    public IReadOnlyDictionary<string, string>? Options { get; set; }

    /// <summary>fstab's dump frequency field.</summary>
    [Param("freq")]
    public long Freq { get; set; }

    /// <summary>fstab's fsck order field (0: not checked).</summary>
    [Param("passno")]
    public long PassNo { get; set; }

    internal string FstabPath { get; set; } = "/etc/fstab";

    internal string MountInfoPath { get; set; } = MountTable.Path;

    /// <summary>The mount point without a trailing slash.</summary>
    public string MountPoint => PathText.Clean(Name);

    internal IReadOnlyDictionary<string, string> EffectiveOptions => Options is { Count: > 0 } o ? o : new Dictionary<string, string> { ["defaults"] = "" };

    public override void Validate()
    {
        if (!Name.StartsWith('/')) throw new ResourceValidationException($"the name '{Name}' must be the absolute path of the mount point");
        if (Name.Contains("//", StringComparison.Ordinal)) throw new ResourceValidationException($"the mount point '{Name}' has a double slash");
        if (State is not ("exists" or "absent")) throw new ResourceValidationException($"state must be 'exists' or 'absent', not '{State}'");
        if (State == "absent") return;
        if (Device.Length == 0) throw new ResourceValidationException("device is empty: say what to mount (a device, UUID=..., an image file, or tmpfs)");
        if (Type.Length == 0) throw new ResourceValidationException("type is empty: give the file system type (such as ext4 or tmpfs)");
        foreach (var field in new[] { Device, Type })
        {
            if (field.Any(char.IsWhiteSpace)) throw new ResourceValidationException($"'{field}' contains white space, which fstab cannot hold in this field");
        }
        foreach (var (key, value) in EffectiveOptions)
        {
            if (key.Length == 0 || key.Contains(',') || key.Contains('=') || value.Contains(',') || (key + value).Any(char.IsWhiteSpace))
            {
                throw new ResourceValidationException($"mount option '{key}' (value '{value}') cannot be written in fstab: no commas, '=' in names, or white space");
            }
        }
        if (Freq < 0 || PassNo < 0) throw new ResourceValidationException("freq and passno cannot be negative");
    }

    public IEnumerable<ResourceUid> Uids() => [new ResourceUid("mount", MountPoint)];

    // A mount needs its mount point directory, its image file, and the mounts it is nested in.
    public IEnumerable<AutoEdgeSeek> AutoEdges()
    {
        var seeks = new List<AutoEdgeSeek> { new([new ResourceUid("file", MountPoint == "/" ? "/" : MountPoint + "/")], StopWhenFound: false) };
        if (Device.StartsWith('/')) seeks.Add(new AutoEdgeSeek([new ResourceUid("file", PathText.Clean(Device))], StopWhenFound: false));
        seeks.AddRange(PathText.Ancestors(MountPoint).Select(a => new AutoEdgeSeek([new ResourceUid("mount", PathText.Clean(a))])));
        return seeks;
    }

    public override Task WatchAsync(CancellationToken cancel) =>
        new SystemWatch().File(FstabPath).KernelFile(MountInfoPath).RunAsync(Context, $"the mount at {MountPoint}", cancel);
}
