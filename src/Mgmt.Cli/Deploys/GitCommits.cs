using System.Diagnostics;

namespace Mgmt.Cli.Deploys;

/// <summary>The git facts a deploy records: the commit its input is at, and whether it descends from the previous one's.</summary>
public static class GitCommits
{
    /// <summary>The commit HEAD is at in <paramref name="directory"/>'s repository; null when it is not in one (or git is missing).</summary>
    public static string? Head(string directory)
    {
        var (code, output) = Git(directory, "rev-parse", "--verify", "HEAD");
        return code == 0 && output.Trim() is { Length: >= 7 } commit && commit.All(char.IsAsciiHexDigitLower) ? commit : null;
    }

    /// <summary>True when <paramref name="ancestor"/> is <paramref name="commit"/> or one of its ancestors.</summary>
    public static bool Descends(string directory, string ancestor, string commit)
    {
        var (code, _) = Git(directory, "merge-base", "--is-ancestor", ancestor, commit);
        return code == 0;
    }

    private static (int Code, string Output) Git(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(directory);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "");
        }
    }
}
