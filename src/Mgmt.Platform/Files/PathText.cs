namespace Mgmt.Platform.Files;

/// <summary>
/// Lexical operations on absolute Linux paths, where a trailing <c>/</c> means "a directory" (the convention of
/// the file resource). Nothing here touches the file system.
/// </summary>
public static class PathText
{
    /// <summary>True when the path ends with <c>/</c>, i.e. names a directory.</summary>
    public static bool IsDirectoryPath(string path) => path.EndsWith('/');

    /// <summary>
    /// The path without duplicate slashes, <c>.</c> and <c>..</c> parts and without a trailing slash
    /// (<c>/a//b/./c/../</c> is <c>/a/b</c>); the root stays <c>/</c>.
    /// </summary>
    public static string Clean(string path)
    {
        // Most paths are clean already: the same string then, not a copy (a graph of 100,000 files holds each
        // path once instead of twice).
        if (IsClean(path)) return path;
        var parts = Split(path);
        return parts.Count == 0 ? "/" : "/" + string.Join('/', parts);
    }

    /// <summary>True when <see cref="Clean"/> would give the same text.</summary>
    private static bool IsClean(string path)
    {
        if (path == "/") return true;
        if (!path.StartsWith('/') || path.EndsWith('/')) return false;
        var text = path.AsSpan();
        return !text.Contains("//", StringComparison.Ordinal) && !text.Contains("/./", StringComparison.Ordinal) &&
            !text.Contains("/../", StringComparison.Ordinal) && !text.EndsWith("/.", StringComparison.Ordinal) &&
            !text.EndsWith("/..", StringComparison.Ordinal);
    }

    /// <summary>The components of a cleaned absolute path (<c>/a/b</c> gives <c>a</c>, <c>b</c>).</summary>
    public static List<string> Split(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return parts;
    }

    /// <summary>The directory holding the path, with a trailing slash (<c>/a/b</c> and <c>/a/b/</c> give <c>/a/</c>).</summary>
    public static string Dirname(string path)
    {
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        var slash = trimmed.LastIndexOf('/');
        return slash <= 0 ? "/" : trimmed[..(slash + 1)];
    }

    /// <summary>The last component, keeping a trailing slash for directories (<c>/a/b/</c> gives <c>b/</c>).</summary>
    public static string Basename(string path)
    {
        if (path == "/") return "/";
        var isDir = path.EndsWith('/');
        var trimmed = path.TrimEnd('/');
        var name = trimmed[(trimmed.LastIndexOf('/') + 1)..];
        return isDir ? name + "/" : name;
    }

    /// <summary>
    /// Every ancestor directory of the path, nearest first, each with a trailing slash:
    /// <c>/a/b/c</c> gives <c>/a/b/</c>, <c>/a/</c>, <c>/</c>.
    /// </summary>
    public static IEnumerable<string> Ancestors(string path)
    {
        var current = path;
        while (current != "/")
        {
            current = Dirname(current);
            yield return current;
        }
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="prefix"/> or lies inside it (by whole components).</summary>
    public static bool HasPrefix(string path, string prefix)
    {
        var p = Clean(path);
        var d = Clean(prefix);
        if (d == "/") return true;
        return p == d || p.StartsWith(d + "/", StringComparison.Ordinal);
    }
}
