using System.Collections;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Mgmt.Platform.Processes;
using Mgmt.Resources;

namespace Mgmt.Cli.FrontEnds.Puppet;

/// <summary>
/// Compiles a manifest into a catalog with Puppet itself (<c>puppet catalog compile</c>, no server involved): facts,
/// classes, defined types, templates, Hiera and functions all behave as under <c>puppet apply</c>. Puppet's scratch
/// state (its var, log and run directories) goes to a directory of ours, so the compile touches nothing of the
/// machine's Puppet; its configuration and modules are the machine's, unless the input names others.
/// </summary>
internal sealed partial class PuppetCompiler(PuppetInstallation puppet, PuppetInput input, string certname, string scratch)
{
    /// <summary>How long one compilation may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Compiles once: the catalog's JSON, or Puppet's errors at their place in the manifests.</summary>
    public async Task<PuppetCompilation> CompileAsync(CancellationToken cancel)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await RunPuppetAsync(["catalog", "compile", "--render-as", "json", "--certname", certname, .. input.PuppetArguments()], cancel).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var json = JsonPart(result.Stdout);
        var warnings = Lines(result.Output, "Warning: ").Distinct(StringComparer.Ordinal).ToList();
        if (result.Succeeded && json is not null) return new PuppetCompilation(json, [], warnings, elapsed);
        var errors = PuppetErrorText.Parse(result.Output, input.Description);
        if (errors.Count == 0)
        {
            var why = result.Outcome == ProcessOutcome.TimedOut ? $"did not finish within {Timeout.TotalMinutes:0} minutes" : $"failed: {result.Tail(10)}";
            errors = [SourceDiagnostic.ForFile(input.Description, $"puppet catalog compile {why}")];
        }
        return new PuppetCompilation(null, errors, warnings, elapsed);
    }

    /// <summary>The module path Puppet uses for this input: its own default when the input names none.</summary>
    public async Task<IReadOnlyList<string>> ModuleDirectoriesAsync(CancellationToken cancel)
    {
        if (input.ModuleDirectories is { } given) return given;
        var result = await RunPuppetAsync(["config", "print", "modulepath", .. input.SettingsArguments()], cancel).ConfigureAwait(false);
        return result.Succeeded ? result.Stdout.Trim().Split(':', StringSplitOptions.RemoveEmptyEntries) : [];
    }

    private Task<ProcessResult> RunPuppetAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var environments = Path.Combine(scratch, "environments");
        Directory.CreateDirectory(environments);
        return ProcessRunner.RunAsync(new ProcessSpec
        {
            Name = "puppet",
            Command = puppet.PuppetPath,
            Args =
            [
                .. args, "--color=false",
                "--vardir=" + Path.Combine(scratch, "var"), "--logdir=" + Path.Combine(scratch, "log"),
                "--rundir=" + Path.Combine(scratch, "run"), "--environmentpath=" + environments,
            ],
            Environment = InheritedEnvironment(),
            Timeout = Timeout,
        }, cancel);
    }

    /// <summary>This process's environment, which Puppet (and facter) run with, as under <c>puppet apply</c>.</summary>
    public static Dictionary<string, string> InheritedEnvironment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables()) env[(string)e.Key] = (string?)e.Value ?? "";
        return env;
    }

    // Puppet prints a notice before the catalog on the same stream.
    private static string? JsonPart(string stdout)
    {
        var start = stdout.IndexOf("\n{", StringComparison.Ordinal);
        if (stdout.StartsWith('{')) start = -1;
        else if (start < 0) return null;
        return stdout[(start + 1)..];
    }

    private static IEnumerable<string> Lines(string output, string prefix) =>
        output.Split('\n').Select(l => Ansi().Replace(l, "").TrimEnd()).Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..]);

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Ansi();
}

/// <summary>One compilation: the catalog's JSON (null when it failed), the errors, Puppet's warnings, and how long it took.</summary>
internal sealed record PuppetCompilation(string? Json, IReadOnlyList<SourceDiagnostic> Errors, IReadOnlyList<string> Warnings, TimeSpan Elapsed);
