using System.Net;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.GolangFunctions.Stdlib;

/// <summary>
/// <c>golang/os</c>, <c>golang/os/exec</c>, <c>golang/runtime</c> and <c>golang/html</c>. Go-runtime internals
/// (profiles, traces, cgo call counts, GOMAXPROCS, GOROOT) have no meaning here and are not provided.
/// </summary>
internal static partial class HostWrappers
{
    public static void Register(FunctionRegistry r)
    {
        const string os = "golang/os";
        Host(r, os, "executable", "func() str", _ => Value.Str(Environment.ProcessPath ?? throw new FunctionException("the executable path is unknown")));
        Host(r, os, "expand_env", "func(s str) str", a => Value.Str(ExpandEnv(a[0].AsStr())));
        Host(r, os, "getegid", "func() int", _ => Value.Int(IdFromStatus("Gid:", 1)));
        Host(r, os, "getenv", "func(key str) str", a => Value.Str(Environment.GetEnvironmentVariable(a[0].AsStr()) ?? ""));
        Host(r, os, "geteuid", "func() int", _ => Value.Int(IdFromStatus("Uid:", 1)));
        Host(r, os, "getgid", "func() int", _ => Value.Int(IdFromStatus("Gid:", 0)));
        Host(r, os, "getpagesize", "func() int", _ => Value.Int(Environment.SystemPageSize));
        Host(r, os, "getpid", "func() int", _ => Value.Int(Environment.ProcessId));
        Host(r, os, "getppid", "func() int", _ => Value.Int(ParentPid()));
        Host(r, os, "getuid", "func() int", _ => Value.Int(IdFromStatus("Uid:", 0)));
        Host(r, os, "getwd", "func() str", _ => Value.Str(Io(() => Directory.GetCurrentDirectory())));
        Host(r, os, "hostname", "func() str", _ => Value.Str(Io(() => File.ReadAllText("/proc/sys/kernel/hostname").TrimEnd('\n'))));
        Host(r, os, "mkdir_temp", "func(dir str, pattern str) str", a => Value.Str(MkdirTemp(a[0].AsStr(), a[1].AsStr())));
        Host(r, os, "read_file", "func(name str) str", a => Value.Str(Io(() => Support.GoStrings.FromBytes(File.ReadAllBytes(a[0].AsStr())))));
        Host(r, os, "readlink", "func(name str) str", a => Value.Str(Io(() => new FileInfo(a[0].AsStr()).LinkTarget
            ?? throw new FunctionException($"{a[0].AsStr()} is not a symbolic link"))));
        Host(r, os, "temp_dir", "func() str", _ => Value.Str(Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } t ? t : "/tmp"));
        Host(r, os, "user_cache_dir", "func() str", _ => Value.Str(XdgDir("XDG_CACHE_HOME", ".cache")));
        Host(r, os, "user_config_dir", "func() str", _ => Value.Str(XdgDir("XDG_CONFIG_HOME", ".config")));
        Host(r, os, "user_home_dir", "func() str", _ => Value.Str(Home()));
        Host(r, "golang/os/exec", "look_path", "func(file str) str", a => Value.Str(LookPath(a[0].AsStr())));
        // Of Go's runtime functions, these have a meaning here; the others (goroot, num_goroutine, num_cgo_call, stack,
        // read_trace, cpu_profile, set_mutex_profile_fraction) describe Go's own runtime and are not provided.
        Host(r, "golang/runtime", "gomaxprocs", "func(n int) int", _ => Value.Int(Environment.ProcessorCount));
        Host(r, "golang/runtime", "num_cpu", "func() int", _ => Value.Int(Environment.ProcessorCount));
        Host(r, "golang/runtime", "version", "func() str", _ => Value.Str(RuntimeInformation.FrameworkDescription));
        r.Add("golang/html", new SimpleFunction("escape_string", "func(s str) str", a => Value.Str(HtmlEscape(a[0].AsStr())),
            description: "Go's html.EscapeString: escapes <, >, &, ' and \"."));
        r.Add("golang/html", new SimpleFunction("unescape_string", "func(s str) str", a => Value.Str(WebUtility.HtmlDecode(a[0].AsStr())),
            description: "Go's html.UnescapeString: decodes HTML entities."));
    }

    private static void Host(FunctionRegistry r, string package, string name, string signature, Func<IReadOnlyList<Value>, Value> body) =>
        r.Add(package, new TypedFunction(name, signature, (_, _, a) => body(a),
            description: $"Go's {package["golang/".Length..]}.{GoName.Of(name)}.", pure: false));

    internal static string HtmlEscape(string s) =>
        s.Replace("&", "&amp;").Replace("'", "&#39;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&#34;");

    /// <summary>Go's os.ExpandEnv: $VAR and ${VAR} become the variable's value ("" when unset).</summary>
    internal static string ExpandEnv(string s) =>
        EnvReference().Replace(s, m => Environment.GetEnvironmentVariable(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value) ?? "");

    [GeneratedRegex(@"\$\{([^}]*)\}|\$([A-Za-z0-9_]+)")]
    private static partial Regex EnvReference();

    private static long IdFromStatus(string key, int column)
    {
        var line = Io(() => File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal)))
            ?? throw new FunctionException("process ids are not available (/proc/self/status)");
        return long.Parse(line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[1 + column], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static long ParentPid()
    {
        var stat = Io(() => File.ReadAllText("/proc/self/stat"));
        var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(afterName[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string MkdirTemp(string dir, string pattern)
    {
        if (pattern.Contains('/')) throw new FunctionException("golang/os.mkdir_temp: the pattern must not contain '/'");
        if (dir.Length == 0) dir = Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } t ? t : "/tmp";
        var star = pattern.LastIndexOf('*');
        var (prefix, suffix) = star < 0 ? (pattern, "") : (pattern[..star], pattern[(star + 1)..]);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var path = Path.Join(dir, prefix + Random.Shared.NextInt64(1, 1L << 32).ToString(System.Globalization.CultureInfo.InvariantCulture) + suffix);
            if (Directory.Exists(path) || File.Exists(path)) continue;
            Io(() => OperatingSystem.IsWindows() ? Directory.CreateDirectory(path) : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
            return path;
        }
        throw new FunctionException($"golang/os.mkdir_temp could not find a free name in {dir}");
    }

    private static string Home() => Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h
        ? h
        : throw new FunctionException("$HOME is not set");

    private static string XdgDir(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } v ? v : Home() + "/" + fallback;

    private static string LookPath(string file)
    {
        if (file.Contains('/'))
        {
            return IsExecutable(file) ? file : throw new FunctionException($"{file} is not an executable file");
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            var candidate = Path.Join(dir.Length == 0 ? "." : dir, file);
            if (IsExecutable(candidate)) return candidate;
        }
        throw new FunctionException($"executable file {file} not found in $PATH");
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);

    private static T Io<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FunctionException(e.Message);
        }
    }
}
