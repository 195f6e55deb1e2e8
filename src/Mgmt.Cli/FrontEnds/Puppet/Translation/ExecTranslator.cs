using System.Globalization;
using Mgmt.Engine.Resources;
using Mgmt.Resources;

namespace Mgmt.Cli.FrontEnds.Puppet.Translation;

/// <summary>
/// Puppet's <c>exec</c> onto the native <c>exec</c> kind. Commands run with <c>/bin/sh -c</c> (what Puppet's posix
/// provider does for any command with shell syntax, and its shell provider always), with the agent's environment
/// plus <c>path</c> and <c>environment</c>; <c>onlyif</c>, <c>unless</c>, <c>creates</c> and <c>refreshonly</c>
/// guard it; Puppet's 300-second default timeout applies; <c>tries</c> and <c>try_sleep</c> become retries.
/// </summary>
internal sealed class ExecTranslator : ITypeTranslator
{
    private const string Shell = "/bin/sh";

    public IReadOnlyList<string> Types { get; } = ["Exec"];

    public Resource? Translate(PuppetAttributes a, TranslationContext context)
    {
        var command = a.Text("command") ?? a.Resource.Title;
        var provider = a.Text("provider") ?? "posix";
        if (provider is not ("posix" or "shell"))
        {
            a.NotNative("provider", $"provider {provider} is not native");
            return null;
        }
        var path = a.List("path");
        var searchPath = path is null ? null : string.Join(':', path.SelectMany(p => p.Split(':')));
        if (provider == "posix" && searchPath is null && !FirstWord(command).StartsWith('/'))
        {
            context.Error(a.Resource, $"'{FirstWord(command)}' is not qualified and no path was given: write the command's full path or set path");
            return null;
        }
        var env = new Dictionary<string, string>(context.Environment, StringComparer.Ordinal);
        if (searchPath is not null) env["PATH"] = searchPath;
        foreach (var entry in a.List("environment") ?? [])
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                context.Error(a.Resource, $"environment entry '{entry}' is not NAME=value");
                return null;
            }
            env[entry[..eq]] = entry[(eq + 1)..];
        }
        var returns = a.List("returns");
        if (returns is not null && !(returns.Count == 1 && returns[0] == "0"))
        {
            a.NotNative("returns", "only the exit status 0 counts as success natively");
        }
        foreach (var name in new[] { "refresh", "umask" })
        {
            if (a.Has(name)) a.NotNative(name, "no native equivalent");
        }
        var creates = a.List("creates");
        if (creates is { Count: > 1 }) a.NotNative("creates", "only one creates path is native");
        a.Ignore("logoutput");
        if (a.Unsupported.Count > 0) return null;

        var cwd = a.Text("cwd") ?? "";
        var exec = new ExecResource
        {
            Name = a.Resource.Title,
            Cmd = command,
            Shell = Shell,
            Cwd = cwd,
            Env = env,
            User = a.Text("user") ?? "",
            Group = a.Text("group") ?? "",
            Creates = creates is { Count: 1 } ? creates[0] : "",
            RefreshOnly = a.Bool("refreshonly") ?? false,
            Timeout = Timeout(a, context),
        };
        if (a.List("onlyif") is { Count: > 0 } onlyif)
        {
            // Every onlyif command must succeed for the command to run.
            exec.IfCmd = onlyif.Count == 1 ? onlyif[0] : string.Join(" && ", onlyif.Select(Group));
            exec.IfShell = Shell;
            exec.IfCwd = cwd;
        }
        if (a.List("unless") is { Count: > 0 } unless)
        {
            // Any unless command that succeeds skips it.
            exec.NIfCmd = unless.Count == 1 ? unless[0] : string.Join(" || ", unless.Select(Group));
            exec.NIfShell = Shell;
            exec.NIfCwd = cwd;
        }
        if (a.Number("tries") is { } tries && tries > 1)
        {
            var sleep = a.Text("try_sleep") is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var sec) ? sec : 0;
            exec.Meta = exec.Meta with { Retry = (int)Math.Min(tries - 1, short.MaxValue), Delay = (long)(sleep * 1000) };
        }
        a.Ignore("try_sleep");
        return exec;
    }

    private static ulong Timeout(PuppetAttributes a, TranslationContext context)
    {
        var text = a.Text("timeout");
        if (text is null) return 300;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0)
        {
            context.Error(a.Resource, $"timeout '{text}' is not a number of seconds");
            return 0;
        }
        return (ulong)Math.Ceiling(seconds);
    }

    // Each guard runs in a subshell, so that one command's syntax cannot leak into the next.
    private static string Group(string command) => $"( {command}\n)";

    private static string FirstWord(string command) => command.TrimStart().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
}
