using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Agent;

/// <summary>
/// The agent's working directory ("prefix"): state of the engine and resources lives below it. A temporary
/// prefix is deleted when the agent stops.
/// </summary>
public sealed partial class AgentPrefix : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private AgentPrefix(string path, bool temporary)
    {
        Path = path;
        IsTemporary = temporary;
    }

    public string Path { get; }

    public bool IsTemporary { get; }

    /// <summary>
    /// Picks and creates the prefix: --tmp-prefix makes a temporary one; else --prefix (or MGMT_PREFIX); else
    /// $STATE_DIRECTORY (set by systemd), /var/lib/mgmt/ for root, or ~/.cache/mgmt/. Throws
    /// <see cref="CommandLine.UsageException"/> when it cannot be created (unless --allow-tmp-prefix).
    /// </summary>
    public static AgentPrefix Resolve(AgentSettings settings, Func<string, string?> environment, ILogger logger)
    {
        if (settings.TmpPrefix) return Temporary();
        var path = settings.Prefix ?? Default(environment);
        try
        {
            Directory.CreateDirectory(path, OwnerOnly);
            Tighten(path, logger);
            return new AgentPrefix(path, temporary: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!settings.AllowTmpPrefix)
            {
                throw new CommandLine.UsageException(
                    $"cannot use {path} as the prefix ({Reason(path, e)}); choose another with --prefix DIR, or use --tmp-prefix");
            }
            var tmp = Temporary();
            Log.FellBack(logger, path, Reason(path, e), tmp.Path);
            return tmp;
        }
    }

    /// <summary>
    /// A prefix that existed before (made by hand, or by an older version) may be open to others, and it holds state
    /// and secrets (reversal records with old file content, etcd data): take group and other access away, and say
    /// so. A shared directory (sticky, like /tmp) or one owned by another user is left alone, with a warning.
    /// </summary>
    private static void Tighten(string path, ILogger logger)
    {
        var mode = File.GetUnixFileMode(path);
        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if ((mode & others) == 0) return;
        if (mode.HasFlag(UnixFileMode.StickyBit) || Mgmt.Platform.Files.Posix.TryStat(path)?.Uid != Mgmt.Platform.Files.Posix.EffectiveUid)
        {
            Log.LeftOpen(logger, path, Convert.ToString((int)mode & 0b111_111_111, 8));
            return;
        }
        File.SetUnixFileMode(path, mode & ~others);
        Log.Tightened(logger, path, Convert.ToString((int)mode & 0b111_111_111, 8));
    }

    // .NET's texts name the path but not the cause when a part of it is a file: look for that case.
    private static string Reason(string path, Exception e)
    {
        if (e is UnauthorizedAccessException) return "permission denied";
        for (var part = System.IO.Path.GetFullPath(path).TrimEnd('/'); part.Length > 0; part = System.IO.Path.GetDirectoryName(part) ?? "")
        {
            if (File.Exists(part)) return $"{part} is a file, not a directory";
            if (Directory.Exists(part)) break;
        }
        return e.Message;
    }

    /// <summary>The default prefix for this process.</summary>
    public static string Default(Func<string, string?> environment)
    {
        if (environment("STATE_DIRECTORY") is { Length: > 0 } state) return state.Split(':')[0];
        if (Environment.IsPrivilegedProcess) return "/var/lib/mgmt/";
        var cache = environment("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return System.IO.Path.Combine(cache, "mgmt") + "/";
    }

    public void Dispose()
    {
        if (!IsTemporary) return;
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover directory under /tmp is harmless and the OS cleans it eventually.
        }
    }

    private static AgentPrefix Temporary() => new(Directory.CreateTempSubdirectory("mgmt-").FullName, temporary: true);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "cannot use {Path} as the prefix ({Reason}); using the temporary prefix {Temporary}")]
        public static partial void FellBack(ILogger logger, string path, string reason, string temporary);

        [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "the prefix {Path} was open to other users (mode {Mode}): tightened to 0700")]
        public static partial void Tightened(ILogger logger, string path, string mode);

        [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "the prefix {Path} is open to other users (mode {Mode}) but shared or not ours, so it is left as it is: choose a private --prefix")]
        public static partial void LeftOpen(ILogger logger, string path, string mode);
    }
}
