namespace Mgmt.Resources;

/// <summary>
/// Maps a request path onto a directory tree without ever leaving it: <c>..</c> segments are refused, and so is
/// any path whose symbolic links lead outside the tree. Nothing is listed: a directory is served only through
/// its <c>index.html</c>.
/// </summary>
internal static class ServedTree
{
    private const int MaxLinkHops = 40;

    /// <summary>
    /// The file on disk for <paramref name="relative"/> (a decoded request path below the tree's public prefix), or
    /// null when the request must be answered "not found": it escapes the tree, names nothing, or names a
    /// directory without an index.
    /// </summary>
    public static string? Resolve(string root, string relative)
    {
        var segments = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s == "..")) return null;
        var realRoot = RealPath(root);
        if (realRoot is null) return null;
        var candidate = Path.Join([root.TrimEnd('/'), .. segments.Where(s => s != ".")]);
        var real = RealPath(candidate);
        if (real is null || !IsInside(real, realRoot)) return null;
        if (Directory.Exists(real))
        {
            var index = RealPath(Path.Join(real, "index.html"));
            return index is not null && IsInside(index, realRoot) && File.Exists(index) ? index : null;
        }
        return File.Exists(real) ? real : null;
    }

    private static bool IsInside(string path, string root) =>
        path == root || path.StartsWith(root == "/" ? "/" : root + "/", StringComparison.Ordinal);

    /// <summary>
    /// The absolute path with every symbolic link along it followed and every <c>.</c> and <c>..</c> gone, like
    /// realpath(3); null when a link loops. Components that do not exist are kept as they are.
    /// </summary>
    internal static string? RealPath(string path)
    {
        var pending = new List<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        pending.Reverse(); // a stack: the next component is at the end
        var resolved = "/";
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending[^1];
            pending.RemoveAt(pending.Count - 1);
            if (part == ".") continue;
            if (part == "..")
            {
                resolved = Path.GetDirectoryName(resolved) ?? "/";
                continue;
            }
            var next = Path.Join(resolved, part);
            string? target;
            try
            {
                target = new FileInfo(next).LinkTarget;
            }
            catch (IOException)
            {
                target = null;
            }
            catch (UnauthorizedAccessException)
            {
                target = null;
            }
            if (target is null)
            {
                resolved = next;
                continue;
            }
            if (++hops > MaxLinkHops) return null;
            if (target.StartsWith('/')) resolved = "/";
            var parts = target.Split('/', StringSplitOptions.RemoveEmptyEntries);
            for (var i = parts.Length - 1; i >= 0; i--) pending.Add(parts[i]);
        }
        return resolved;
    }
}
