using System.Text;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.GolangFunctions.Stdlib;

/// <summary>Go's <c>path</c> and (Unix) <c>path/filepath</c> algorithms: lexical, slash-separated.</summary>
internal static class GoPaths
{
    public static string Clean(string path)
    {
        if (path.Length == 0) return ".";
        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var element in path.Split('/'))
        {
            if (element is "" or ".") continue;
            if (element == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
                else if (!rooted) parts.Add("..");
                continue;
            }
            parts.Add(element);
        }
        var result = (rooted ? "/" : "") + string.Join('/', parts);
        return result.Length == 0 ? "." : result;
    }

    public static string Base(string path)
    {
        if (path.Length == 0) return ".";
        path = path.TrimEnd('/');
        if (path.Length == 0) return "/";
        var slash = path.LastIndexOf('/');
        return slash < 0 ? path : path[(slash + 1)..];
    }

    public static string Dir(string path)
    {
        var slash = path.LastIndexOf('/');
        return Clean(path[..(slash + 1)]);
    }

    public static string Ext(string path)
    {
        for (var i = path.Length - 1; i >= 0 && path[i] != '/'; i--)
        {
            if (path[i] == '.') return path[i..];
        }
        return "";
    }

    public static bool IsAbs(string path) => path.StartsWith('/');

    /// <summary>Go's path.Join: the non-empty elements joined with '/' and cleaned; "" when all are empty.</summary>
    public static string Join(IEnumerable<string> elements)
    {
        var parts = elements.Where(e => e.Length > 0).ToList();
        return parts.Count == 0 ? "" : Clean(string.Join('/', parts));
    }

    public static string Abs(string path) => IsAbs(path) ? Clean(path) : Clean(Environment.CurrentDirectory + "/" + path);

    /// <summary>Go's <c>filepath.IsLocal</c> on Unix: relative, non-empty, and not escaping upwards.</summary>
    public static bool IsLocal(string path)
    {
        if (path.Length == 0 || IsAbs(path)) return false;
        var clean = Clean(path);
        return clean != ".." && !clean.StartsWith("../", StringComparison.Ordinal);
    }

    /// <summary>Go's <c>filepath.Rel</c>: a relative path from base to target, lexically.</summary>
    public static string Rel(string basePath, string targetPath)
    {
        var b = Clean(basePath);
        var t = Clean(targetPath);
        if (t == b) return ".";
        if (b == ".") b = "";
        if ((b.Length > 0 && b[0] == '/') != (t.Length > 0 && t[0] == '/'))
        {
            throw new FunctionException($"cannot make {targetPath} relative to {basePath}: one is absolute and the other is not");
        }
        int bl = b.Length, tl = t.Length, b0 = 0, bi = 0, t0 = 0, ti = 0;
        while (true)
        {
            while (bi < bl && b[bi] != '/') bi++;
            while (ti < tl && t[ti] != '/') ti++;
            if (t[t0..ti] != b[b0..bi]) break;
            if (bi < bl) bi++;
            if (ti < tl) ti++;
            b0 = bi;
            t0 = ti;
        }
        if (b[b0..bi] == "..") throw new FunctionException($"cannot make {targetPath} relative to {basePath}");
        if (b0 == bl) return t[t0..];
        var seps = b[b0..bl].Count(c => c == '/');
        var sb = new StringBuilder("..");
        for (var i = 0; i < seps; i++) sb.Append("/..");
        if (t0 != tl) sb.Append('/').Append(t[t0..]);
        return sb.ToString();
    }

    /// <summary>The path with every symbolic link resolved; the file must exist.</summary>
    public static string EvalSymlinks(string path)
    {
        var absolute = Abs(path);
        var resolved = "/";
        var pending = new Queue<string>(absolute.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var hops = 0;
        while (pending.Count > 0)
        {
            var next = Clean(resolved + "/" + pending.Dequeue());
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (!info.Exists) throw new FunctionException($"{path} does not exist");
            if (info.LinkTarget is { } target)
            {
                if (++hops > 255) throw new FunctionException($"too many symbolic links in {path}");
                var rest = pending.ToList();
                pending = new Queue<string>(target.Split('/', StringSplitOptions.RemoveEmptyEntries).Concat(rest));
                if (target.StartsWith('/')) resolved = "/";
                continue;
            }
            resolved = next;
        }
        if (IsAbs(path)) return resolved;
        var cwd = Clean(Environment.CurrentDirectory);
        return resolved.StartsWith(cwd + "/", StringComparison.Ordinal) ? resolved[(cwd.Length + 1)..] : resolved;
    }
}
