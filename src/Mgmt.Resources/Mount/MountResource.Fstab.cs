using System.Globalization;
using System.Text;
using Mgmt.Platform.Files;

namespace Mgmt.Resources;

// fstab: one line per mount point. The managed line is compared field by field (options as a set) and replaced in
// place, so comments and the other entries stay where they are.
public sealed partial class MountResource
{
    /// <summary>The line this resource wants in fstab.</summary>
    internal string FstabLine() =>
        string.Join(' ', FstabText.Escape(Device), FstabText.Escape(MountPoint), Type, FstabText.FormatOptions(EffectiveOptions),
            Freq.ToString(CultureInfo.InvariantCulture), PassNo.ToString(CultureInfo.InvariantCulture));

    private bool CheckFstab(bool apply)
    {
        var text = File.Exists(FstabPath) ? File.ReadAllText(FstabPath) : "";
        var lines = text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n').ToList();
        var ours = lines.Select((line, i) => (line, i)).Where(x => MountPointOf(x.line) == MountPoint).Select(x => x.i).ToList();
        var right = State == "absent" ? ours.Count == 0 : ours.Count == 1 && Matches(lines[ours[0]]);
        if (right) return true;
        Context.Changes.Set("fstab", ours.Count == 0 ? null : lines[ours[0]], State == "absent" ? null : FstabLine());
        if (!apply) return false;

        if (State == "exists")
        {
            if (ours.Count == 0) lines.Add(FstabLine());
            else lines[ours[0]] = FstabLine();
        }
        foreach (var i in ours.Skip(State == "exists" ? 1 : 0).OrderDescending()) lines.RemoveAt(i);
        var content = lines.Count == 0 ? "" : string.Join('\n', lines) + "\n";
        AtomicFile.Write(FstabPath, Encoding.UTF8.GetBytes(content), new AtomicWriteOptions { Mode = File.Exists(FstabPath) ? null : 0x1A4 });
        MountLog.Fstab(Context.Logger, State == "exists" ? "wrote" : "removed", MountPoint, FstabPath);
        return false;
    }

    private static string[] Fields(string line)
    {
        var hash = line.TrimStart().StartsWith('#');
        return hash ? [] : line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }

    private static string? MountPointOf(string line) =>
        Fields(line) is { Length: >= 2 } f ? PathText.Clean(FstabText.Unescape(f[1])) : null;

    private bool Matches(string line)
    {
        var f = Fields(line);
        if (f.Length < 4 || FstabText.Unescape(f[0]) != Device || f[2] != Type) return false;
        var options = FstabText.ParseOptions(f[3]);
        var wanted = EffectiveOptions;
        if (options.Count != wanted.Count || wanted.Any(o => !options.TryGetValue(o.Key, out var v) || v != o.Value)) return false;
        var freq = f.Length > 4 && long.TryParse(f[4], CultureInfo.InvariantCulture, out var fr) ? fr : 0;
        var passno = f.Length > 5 && long.TryParse(f[5], CultureInfo.InvariantCulture, out var pa) ? pa : 0;
        return freq == Freq && passno == PassNo;
    }
}
