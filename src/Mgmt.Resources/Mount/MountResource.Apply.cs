using Mgmt.Platform.Files;
using Mgmt.Platform.Processes;

namespace Mgmt.Resources;

// CheckApply: fstab first (so the boot-time truth is recorded even if mounting fails), then the mount itself.
public sealed partial class MountResource
{
    // The per-mount flags the kernel shows as they were asked for; file-system options are often shown
    // normalised (size=1m as size=1024k), so those are applied when mounting but not compared afterwards.
    private static readonly (string On, string Off)[] Flags =
        [("ro", "rw"), ("nosuid", "suid"), ("nodev", "dev"), ("noexec", "exec"), ("noatime", "atime"), ("nodiratime", "diratime")];

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var ok = CheckFstab(apply);
        ok &= await CheckMountedAsync(apply, cancel).ConfigureAwait(false);
        return ok;
    }

    private async Task<bool> CheckMountedAsync(bool apply, CancellationToken cancel)
    {
        var mounted = MountTable.At(MountPoint, MountInfoPath);
        if (State == "absent")
        {
            if (mounted is null) return true;
            Context.Changes.Set("mounted", Device, null);
            if (!apply) return false;
            await RunAsync("umount", [MountPoint], cancel).ConfigureAwait(false);
            MountLog.Unmounted(Context.Logger, MountPoint);
            return false;
        }

        if (mounted is null)
        {
            if (Posix.TryStat(MountPoint) is not { IsDirectory: true })
            {
                throw new IOException($"the mount point {MountPoint} does not exist or is not a directory; create it (a file resource for {MountPoint}/ is ordered before this mount automatically)");
            }
            Context.Changes.Set("mounted", null, Device);
            if (!apply) return false;
            await RunAsync("mount", ["-t", Type, "-o", FstabText.FormatOptions(EffectiveOptions), Device, MountPoint], cancel).ConfigureAwait(false);
            MountLog.Mounted(Context.Logger, Device, MountPoint);
            return false;
        }

        if (!SameSource(mounted))
        {
            throw new IOException(
                $"{MountPoint} has {mounted.Source} ({mounted.Type}) mounted, not {Device}; unmount it first (mgmt does not unmount what it did not mount)");
        }
        var wrong = Flags.Where(f => WantedFlag(f) is { } w && !mounted.MountOptions.ContainsKey(w)).Select(WantedFlag).ToList();
        if (wrong.Count == 0) return true;
        Context.Changes.Action($"remount {MountPoint} with {string.Join(",", wrong)}");
        if (!apply) return false;
        await RunAsync("mount", ["-o", "remount," + FstabText.FormatOptions(EffectiveOptions), MountPoint], cancel).ConfigureAwait(false);
        MountLog.Remounted(Context.Logger, MountPoint, string.Join(",", wrong));
        return false;
    }

    /// <summary>The flag of a pair that the options ask for, or null when they say nothing about it.</summary>
    private string? WantedFlag((string On, string Off) flag)
    {
        var o = EffectiveOptions;
        if (o.ContainsKey(flag.On)) return flag.On;
        if (o.ContainsKey(flag.Off)) return flag.Off;
        // "defaults" means rw among others; only rw is visible per mount.
        return flag.Off == "rw" && o.ContainsKey("defaults") ? "rw" : null;
    }

    private bool SameSource(MountEntry mounted)
    {
        if (Type != "auto" && mounted.Type != Type && !(mounted.Type.StartsWith(Type + ".", StringComparison.Ordinal))) return false;
        var device = ResolveDevice(Device);
        if (mounted.Source == Device || mounted.Source == device) return true;
        // An image file mounted through a loop device: compare the loop device's backing file.
        if (mounted.Source.StartsWith("/dev/loop", StringComparison.Ordinal))
        {
            var backing = $"/sys/block/{mounted.Source["/dev/".Length..]}/loop/backing_file";
            if (File.Exists(backing) && File.ReadAllText(backing).Trim() == device) return true;
        }
        return Posix.TryStat(device) is { } a && Posix.TryStat(mounted.Source) is { } b && a.Kind == b.Kind && a.Inode == b.Inode && a.Device == b.Device;
    }

    /// <summary>The path a device spec leads to (UUID=, LABEL=... through /dev/disk, symlinks resolved), or the spec itself.</summary>
    private static string ResolveDevice(string spec)
    {
        var eq = spec.IndexOf('=');
        var path = eq > 0 ? spec[..eq] switch
        {
            "UUID" => "/dev/disk/by-uuid/" + spec[(eq + 1)..],
            "LABEL" => "/dev/disk/by-label/" + spec[(eq + 1)..],
            "PARTUUID" => "/dev/disk/by-partuuid/" + spec[(eq + 1)..],
            "PARTLABEL" => "/dev/disk/by-partlabel/" + spec[(eq + 1)..],
            _ => spec,
        } : spec;
        if (!path.StartsWith('/')) return spec;
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }

    private static async Task RunAsync(string tool, IReadOnlyList<string> args, CancellationToken cancel)
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec
        {
            Name = tool,
            Command = tool,
            Args = args,
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin", ["LC_ALL"] = "C" },
        }, cancel).ConfigureAwait(false);
        if (!result.Succeeded) throw new IOException($"{tool} failed: {result.Tail().Trim()}");
    }
}
