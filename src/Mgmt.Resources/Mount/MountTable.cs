namespace Mgmt.Resources;

/// <summary>One mounted file system, from a line of <c>/proc/self/mountinfo</c>.</summary>
/// <param name="MountPoint">Where it is mounted.</param>
/// <param name="Type">The file system type.</param>
/// <param name="Source">What is mounted (a device, or the name given for a virtual file system).</param>
/// <param name="MountOptions">The per-mount flags (<c>rw</c>, <c>nosuid</c>, <c>relatime</c>...).</param>
/// <param name="SuperOptions">The file system's own options (<c>size=1024k</c>...).</param>
internal sealed record MountEntry(string MountPoint, string Type, string Source, IReadOnlyDictionary<string, string> MountOptions, IReadOnlyDictionary<string, string> SuperOptions);

/// <summary>Reads the kernel's mount table of this process's mount namespace.</summary>
internal static class MountTable
{
    public const string Path = "/proc/self/mountinfo";

    public static List<MountEntry> Read(string path = Path)
    {
        var entries = new List<MountEntry>();
        foreach (var line in File.ReadAllLines(path))
        {
            // id parent major:minor root mountpoint options [optional fields...] - type source superoptions
            var fields = line.Split(' ');
            var dash = Array.IndexOf(fields, "-", 6);
            if (fields.Length < 7 || dash < 0 || dash + 2 >= fields.Length) continue;
            entries.Add(new MountEntry(
                FstabText.Unescape(fields[4]),
                fields[dash + 1],
                FstabText.Unescape(fields[dash + 2]),
                FstabText.ParseOptions(fields[5]),
                dash + 3 < fields.Length ? FstabText.ParseOptions(fields[dash + 3]) : new Dictionary<string, string>()));
        }
        return entries;
    }

    /// <summary>What is visible at <paramref name="mountPoint"/>: the last mount there (mounts stack), or null.</summary>
    public static MountEntry? At(string mountPoint, string path = Path) => Read(path).LastOrDefault(e => e.MountPoint == mountPoint);
}
