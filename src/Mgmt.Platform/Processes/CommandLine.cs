using Mgmt.Platform.Files;

namespace Mgmt.Platform.Processes;

/// <summary>Turns a <see cref="ProcessSpec"/> into the program and argument vector to execute.</summary>
internal static class CommandLine
{
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>The program (an absolute or relative path) and its arguments.</summary>
    public static (string Program, List<string> Args) Build(ProcessSpec spec)
    {
        if (!string.IsNullOrEmpty(spec.Shell))
        {
            return (spec.Shell, ["-c", spec.Command]);
        }
        var words = spec.Command.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) throw new ProcessStartException($"the {spec.Name} is empty: there is no program to run");
        var program = Locate(spec, words[0]);
        var args = spec.Args is { Count: > 0 } ? [.. spec.Args] : words.Skip(1).ToList();
        return (program, args);
    }

    /// <summary>Finds a program given without a slash in PATH, like a shell would.</summary>
    private static string Locate(ProcessSpec spec, string program)
    {
        if (program.Contains('/'))
        {
            var where = program.StartsWith('/') || string.IsNullOrEmpty(spec.WorkingDirectory)
                ? program
                : Path.Combine(spec.WorkingDirectory, program);
            var status = Posix.TryStat(where);
            if (status is null) throw new ProcessStartException($"{spec.Name}: cannot run '{program}': no such file");
            if (!status.Value.IsRegular || (status.Value.Permissions & 0x49) == 0)
            {
                throw new ProcessStartException($"{spec.Name}: cannot run '{program}': it is not an executable file");
            }
            return program;
        }
        var path = spec.Environment?.GetValueOrDefault("PATH")
            ?? System.Environment.GetEnvironmentVariable("PATH")
            ?? DefaultPath;
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (Posix.TryStat(candidate) is { IsRegular: true } s && (s.Permissions & 0x49) != 0) return candidate;
        }
        throw new ProcessStartException(
            $"{spec.Name}: cannot run '{program}': no such command in PATH ({path}); give its full path or use a shell");
    }

    /// <summary>Shell-like rendering of an argument vector, for logs and messages.</summary>
    public static string Render(string program, IEnumerable<string> args) =>
        string.Join(' ', new[] { program }.Concat(args).Select(Quote));

    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-=:,+@%".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
