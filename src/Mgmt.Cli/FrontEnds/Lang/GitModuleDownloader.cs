using Mgmt.Lang.Modules;
using Mgmt.Platform.Processes;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.FrontEnds.Lang;

/// <summary>
/// Fetches remote mcl modules with git (<c>--download</c>): a missing module is cloned into its directory, an existing
/// one is pulled when <c>--update</c> is given and left alone otherwise. Each module is fetched at most once per
/// compilation. <c>import "git://host/path/"</c> is cloned from that URL; <c>git:///path/</c> (no host) from the local
/// repository at <c>/path</c>; other schemes (<c>https://</c>, <c>file://</c>) are passed to git as they are.
/// </summary>
/// <remarks>
/// git runs with a small environment of its own: no terminal prompts, and only the file, git, http(s) and ssh
/// transports (never git's <c>ext::</c> transport, which runs commands). The compiler is synchronous, so a fetch blocks
/// its thread: downloads happen only when asked for, before the program runs.
/// </remarks>
internal sealed class GitModuleDownloader(bool update, ILogger log) : IModuleDownloader
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);

    public void Fetch(ImportName name, string directory)
    {
        directory = directory.TrimEnd('/');
        lock (_done)
        {
            if (!_done.Add(directory)) return;
        }
        var url = CloneUrl(name.Text);
        if (Directory.Exists(Path.Combine(directory, ".git")))
        {
            if (!update) return;
            LangLog.ModuleUpdating(log, url, directory);
            Git(["-C", directory, "pull", "--ff-only", "--recurse-submodules"], $"update {directory} from {url}");
        }
        else
        {
            if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            {
                throw new ModuleException($"cannot download {url} into {directory}: the directory exists and is not a git clone; move it away or remove it");
            }
            LangLog.ModuleDownloading(log, url, directory);
            Directory.CreateDirectory(Path.GetDirectoryName(directory)!);
            Git(["clone", "--quiet", "--recurse-submodules", "--", url, directory], $"download {url}");
        }
        if (!File.Exists(Path.Combine(directory, ModuleMetadata.FileName)))
        {
            throw new ModuleException($"the repository {url} has no {ModuleMetadata.FileName} at its top, so it is not an mcl module");
        }
    }

    /// <summary>The URL git clones: the import without query or fragment; <c>git:///path</c> is the local <c>/path</c>.</summary>
    internal static string CloneUrl(string import)
    {
        var url = import.Split('#')[0].Split('?')[0];
        return url.StartsWith("git:///", StringComparison.Ordinal) ? url["git://".Length..] : url;
    }

    private static void Git(IReadOnlyList<string> args, string what)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["HOME"] = Environment.GetEnvironmentVariable("HOME") ?? "/",
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_ALLOW_PROTOCOL"] = "file:git:http:https:ssh",
        };
        ProcessResult result;
        try
        {
            result = ProcessRunner.RunAsync(new ProcessSpec { Name = "git", Command = "git", Args = args, Environment = environment, Timeout = Limit }, CancellationToken.None)
                .GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new ModuleException($"cannot {what}: git could not be started ({e.Message}); install git to download modules");
        }
        if (!result.Succeeded)
        {
            var why = result.Outcome == ProcessOutcome.TimedOut ? $"git took longer than {Limit.TotalMinutes} minutes" : result.Stderr.Trim();
            throw new ModuleException($"cannot {what}: {why}");
        }
    }
}
