using System.Diagnostics;

namespace Mgmt.Cli.Tests.CommandLine;

/// <summary>
/// <c>mgmt completion</c> and <c>mgmt man</c> come from the command definitions: the bash script is loaded into a real
/// bash and asked, through <c>complete</c>, what it offers; the manual page is read by the real man.
/// </summary>
public sealed class CompletionTests
{
    private static async Task<string> ScriptAsync(string shell)
    {
        var (code, output, error) = await CliRun.RunAsync(["completion", shell]);
        Assert.True(code == 0, error);
        return output;
    }

    /// <summary>What bash offers for the command line <paramref name="words"/> (the last one being completed).</summary>
    private static async Task<List<string>> BashCompleteAsync(string script, params string[] words)
    {
        var file = Path.GetTempFileName();
        try
        {
            var quoted = string.Join(" ", words.Select(w => "'" + w.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
            var driver = "\ncomplete -p mgmt >/dev/null || exit 7\n" +
                $"COMP_WORDS=({quoted})\nCOMP_CWORD={words.Length - 1}\n" +
                "_mgmt\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
            await File.WriteAllTextAsync(file, script + driver, TestContext.Current.CancellationToken);
            var psi = new ProcessStartInfo("bash", ["--norc", "--noprofile", file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var output = await p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var error = await p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await p.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(p.ExitCode == 0, $"bash failed ({p.ExitCode}): {error}");
            Assert.Equal("", error);
            return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Bash_offers_the_commands_then_the_subcommands_then_the_flags_of_the_command_typed()
    {
        var script = await ScriptAsync("bash");
        Assert.Equal(["run"], await BashCompleteAsync(script, "mgmt", "ru"));
        Assert.Equal(["check", "cluster", "completion"], (await BashCompleteAsync(script, "mgmt", "c")).Order());
        Assert.Equal(["lang"], await BashCompleteAsync(script, "mgmt", "run", "la"));
        var runFlags = await BashCompleteAsync(script, "mgmt", "run", "--no");
        Assert.Contains("--noop", runFlags);
        // A front end accepts its own flags and those of run and of mgmt: the parser does too.
        var langFlags = await BashCompleteAsync(script, "mgmt", "run", "lang", "--");
        Assert.Contains("--module-path", langFlags);
        Assert.Contains("--noop", langFlags);
        Assert.Contains("--debug", langFlags);
        Assert.DoesNotContain("--module-path", await BashCompleteAsync(script, "mgmt", "run", "yaml", "--"));
        Assert.Equal(["json"], await BashCompleteAsync(script, "mgmt", "run", "--log-format", "j"));
        Assert.Empty(await BashCompleteAsync(script, "mgmt", "run", "--sema", ""));
    }

    [Fact]
    public async Task Bash_completes_file_names_where_a_file_goes()
    {
        var dir = Directory.CreateTempSubdirectory("mgmt-completion-");
        try
        {
            var file = Path.Combine(dir.FullName, "graph.yaml");
            await File.WriteAllTextAsync(file, "", TestContext.Current.CancellationToken);
            var script = await ScriptAsync("bash");
            Assert.Equal([file], await BashCompleteAsync(script, "mgmt", "run", "yaml", Path.Combine(dir.FullName, "gr")));
            Assert.Equal([file], await BashCompleteAsync(script, "mgmt", "run", "--graphviz", Path.Combine(dir.FullName, "gr")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Zsh_and_fish_scripts_name_every_command_and_parse_when_the_shell_is_here()
    {
        var zsh = await ScriptAsync("zsh");
        Assert.StartsWith("#compdef mgmt\n", zsh, StringComparison.Ordinal);
        Assert.Contains("bashcompinit", zsh);
        Assert.Contains("complete -o filenames -F _mgmt mgmt", zsh);
        var fish = await ScriptAsync("fish");
        foreach (var path in new[] { "mgmt run lang", "mgmt check yaml", "mgmt fmt", "mgmt cluster size" }) Assert.Contains($"case '{path}'", fish);
        Assert.Contains("complete -c mgmt -n '__mgmt_under \\'mgmt run\\'' -l noop", fish);
        foreach (var (shell, text) in new[] { ("zsh", zsh), ("fish", fish) })
        {
            if (FindOnPath(shell) is null) continue; // CI installs both; the syntax check runs there
            var file = Path.GetTempFileName();
            try
            {
                await File.WriteAllTextAsync(file, text, TestContext.Current.CancellationToken);
                using var p = Process.Start(new ProcessStartInfo(shell, ["-n", file]) { RedirectStandardError = true })!;
                var error = await p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
                await p.WaitForExitAsync(TestContext.Current.CancellationToken);
                Assert.True(p.ExitCode == 0, $"{shell} -n refuses the script: {error}");
            }
            finally
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task An_unknown_shell_is_a_usage_error()
    {
        var (code, _, error) = await CliRun.RunAsync(["completion", "tcsh"]);
        Assert.Equal(2, code);
        Assert.Contains("SHELL expects one of bash, zsh, fish, got 'tcsh'", error);
    }

    [Fact]
    public async Task The_man_page_has_every_command_and_flag_of_help_and_man_reads_it()
    {
        var (code, page, _) = await CliRun.RunAsync(["man"]);
        Assert.Equal(0, code);
        Assert.StartsWith(".\\\" mgmt(1)", page, StringComparison.Ordinal);
        var root = new Mgmt.Cli.Commands.MgmtCommand();
        foreach (var c in Mgmt.Cli.CommandLine.Generated.CommandTree.All(root).Skip(1))
        {
            Assert.Contains($".SS \"{c.Path.Replace("-", "\\-", StringComparison.Ordinal)}\"", page);
            foreach (var f in c.Flags) Assert.Contains(f.Name.Replace("-", "\\-", StringComparison.Ordinal), page);
        }
        if (FindOnPath("man") is null) return;
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, page, TestContext.Current.CancellationToken);
            var psi = new ProcessStartInfo("man", ["-l", file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.Environment["MANPAGER"] = "cat";
            psi.Environment["MANWIDTH"] = "100";
            using var p = Process.Start(psi)!;
            var text = await p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await p.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, p.ExitCode);
            Assert.Contains("mgmt run lang [flags] INPUT", text);
            Assert.Contains("--converged-exit", text);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
