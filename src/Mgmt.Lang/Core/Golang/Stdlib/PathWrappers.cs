using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.GolangFunctions.Stdlib;

/// <summary><c>golang/path</c> and <c>golang/path/filepath</c> (Unix rules: '/' separated, no volume names).</summary>
internal static class PathWrappers
{
    public static void Register(FunctionRegistry r)
    {
        foreach (var package in new[] { "golang/path", "golang/path/filepath" })
        {
            Add(r, package, "base", "func(path str) str", a => Value.Str(GoPaths.Base(a[0].AsStr())));
            Add(r, package, "clean", "func(path str) str", a => Value.Str(GoPaths.Clean(a[0].AsStr())));
            Add(r, package, "dir", "func(path str) str", a => Value.Str(GoPaths.Dir(a[0].AsStr())));
            Add(r, package, "ext", "func(path str) str", a => Value.Str(GoPaths.Ext(a[0].AsStr())));
            Add(r, package, "join", "func(elem []str) str", a => Value.Str(GoPaths.Join(a[0].AsList().Items.Select(i => i.AsStr()))));
            r.Add(package, new TypedFunction("match", "func(pattern str, name str) bool", (_, _, a) => Value.Bool(GoPathMatch.Match(a[0].AsStr(), a[1].AsStr())),
                description: $"Go's {package["golang/".Length..]}.Match: whether the name matches the shell pattern (*, ?, [...], \\); a malformed pattern is an error."));
            Add(r, package, "is_abs", "func(path str) bool", a => Value.Bool(GoPaths.IsAbs(a[0].AsStr())));
        }
        const string fp = "golang/path/filepath";
        r.Add(fp, new TypedFunction("abs", "func(path str) str", (_, _, a) => Value.Str(GoPaths.Abs(a[0].AsStr())),
            description: "Go's filepath.Abs: the path made absolute against the working directory.", pure: false));
        r.Add(fp, new TypedFunction("eval_symlinks", "func(path str) str", (_, _, a) => Value.Str(GoPaths.EvalSymlinks(a[0].AsStr())),
            description: "Go's filepath.EvalSymlinks: the path with every symbolic link resolved.", pure: false));
        Add(r, fp, "from_slash", "func(path str) str", a => a[0]);
        Add(r, fp, "to_slash", "func(path str) str", a => a[0]);
        Add(r, fp, "has_prefix", "func(p str, prefix str) bool", a => Value.Bool(a[0].AsStr().StartsWith(a[1].AsStr(), StringComparison.Ordinal)));
        Add(r, fp, "is_local", "func(path str) bool", a => Value.Bool(GoPaths.IsLocal(a[0].AsStr())));
        Add(r, fp, "localize", "func(path str) str", a => Value.Str(Localize(a[0].AsStr())));
        Add(r, fp, "rel", "func(basepath str, targpath str) str", a => Value.Str(GoPaths.Rel(a[0].AsStr(), a[1].AsStr())));
        Add(r, fp, "volume_name", "func(path str) str", _ => Value.Str(""));
    }

    private static void Add(FunctionRegistry r, string package, string name, string signature, Func<IReadOnlyList<Value>, Value> body) =>
        r.Add(package, new SimpleFunction(name, signature, body, description: $"Go's {package["golang/".Length..].Split('/')[^1]}.{GoName.Of(name)}."));

    /// <summary>Go's filepath.Localize on Unix: a valid, local, slash path is returned unchanged.</summary>
    private static string Localize(string path)
    {
        var valid = path.Length > 0 && !path.StartsWith('/') && !path.EndsWith('/') && !path.Contains('\0')
            && path.Split('/').All(e => e is not ("" or "." or "..")) || path == ".";
        return valid ? path : throw new FunctionException($"{path} is not a valid local path");
    }
}
