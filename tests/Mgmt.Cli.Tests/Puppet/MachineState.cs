using Mgmt.Platform.Files;

namespace Mgmt.Cli.Tests.Puppet;

/// <summary>
/// What a run left under a directory, in a form two runs can be compared in: every entry with its type, mode, owner,
/// group, link target and content, the root's own path replaced by ROOT (the two runs use different roots).
/// </summary>
internal static class MachineState
{
    /// <summary>The snapshot; the content of the files named in <paramref name="contentElsewhere"/> (relative) is left out, to be compared on its own.</summary>
    public static string Snapshot(string root, params string[] contentElsewhere)
    {
        var lines = new List<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            var status = Posix.TryLstat(path) ?? throw new IOException($"{path} vanished");
            var name = "ROOT" + path[root.Length..];
            var type = status.IsSymlink ? "link" : status.IsDirectory ? "dir" : "file";
            var line = $"{name} {type} {Convert.ToString(status.Permissions & 0xFFF, 8)} {status.Uid}:{status.Gid}";
            if (status.IsSymlink) line += " -> " + new FileInfo(path).LinkTarget!.Replace(root, "ROOT", StringComparison.Ordinal);
            else if (contentElsewhere.Contains(path[(root.Length + 1)..])) line += " (content compared apart)";
            else if (!status.IsDirectory) line += " " + Escape(File.ReadAllText(path).Replace(root, "ROOT", StringComparison.Ordinal));
            lines.Add(line);
        }
        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines) + "\n";
    }

    private static string Escape(string content) => content.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>The entries of a hosts file (comment lines and spacing aside), one line each.</summary>
    public static string HostsEntries(string path) =>
        string.Join('\n', File.ReadAllLines(path).Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))
            .Select(l => string.Join(' ', l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))));

    /// <summary>The lines of a log, sorted: which commands ran and how often, whatever the order of unrelated ones.</summary>
    public static string SortedLines(string path) => string.Join('\n', File.ReadAllLines(path).Order(StringComparer.Ordinal));
}
