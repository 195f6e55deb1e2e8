using System.Diagnostics;
using Mgmt.Cli.Tests.CommandLine;
using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Lang;

/// <summary>
/// Remote modules: --module-path (and MGMT_MODULE_PATH), --download, --only-download and --update, against real git
/// repositories made on this machine, imported as git:///path/ (no host: a local repository).
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class ModuleDownloadTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string name, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_dir.File(name))!);
        return _dir.Write(name, content);
    }

    private string Repository(string greeting)
    {
        var repo = _dir.File("repos/mgmt-greet");
        Directory.CreateDirectory(repo);
        Write("repos/mgmt-greet/metadata.yaml", "main: main.mcl\n");
        Write("repos/mgmt-greet/main.mcl", $"$greeting = \"{greeting}\"\n");
        if (!Directory.Exists(Path.Combine(repo, ".git"))) Git(repo, "init", "-q");
        Git(repo, "add", ".");
        Git(repo, "-c", "user.email=test@example.invalid", "-c", "user.name=test", "commit", "-q", "-m", greeting);
        return repo;
    }

    private string Program(string repo, string target) => Write("prog/main.mcl", $$"""
        import "git://{{repo}}/"
        file "{{target}}" {
        	state => "exists",
        	content => $greet.greeting,
        }
        """);

    [Fact]
    public async Task Only_download_fetches_the_module_into_the_module_path_and_runs_nothing()
    {
        var repo = Repository("hello");
        var target = _dir.File("out.txt");
        var program = Program(repo, target);
        var modules = _dir.File("modules");

        var (code, _, error) = await CliRun.RunAsync(["check", "lang", "--module-path", modules, program]);
        Assert.Equal(2, code);
        Assert.Contains("--download", error);

        var (run, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "lang", "--module-path", modules, "--only-download", program]);
        Assert.True(run == 0, p.Stderr);
        Assert.False(File.Exists(target));
        Assert.True(File.Exists(Path.Combine(modules, repo.TrimStart('/'), "main.mcl")));

        (code, var output, error) = await CliRun.RunAsync(["check", "lang", program], new() { ["MGMT_MODULE_PATH"] = modules });
        Assert.True(code == 0, error);
        Assert.StartsWith("ok: ", output);
    }

    [Fact]
    public async Task Download_runs_the_module_and_update_brings_a_new_commit()
    {
        var repo = Repository("first");
        var target = _dir.File("greeting.txt");
        var program = Program(repo, target);
        var modules = _dir.File("modules");
        string[] Run(params string[] flags) => ["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=0", "lang", "--module-path", modules, .. flags, program];

        var (code, p) = await MgmtProcess.RunAsync(Run("--download"));
        Assert.True(code == 0, p.Stderr);
        Assert.Equal("first", await File.ReadAllTextAsync(target, TestContext.Current.CancellationToken));

        Repository("second");
        (code, p) = await MgmtProcess.RunAsync(Run("--download"));
        Assert.True(code == 0, p.Stderr);
        Assert.Equal("first", await File.ReadAllTextAsync(target, TestContext.Current.CancellationToken)); // no --update: kept

        (code, p) = await MgmtProcess.RunAsync(Run("--download", "--update"));
        Assert.True(code == 0, p.Stderr);
        Assert.Equal("second", await File.ReadAllTextAsync(target, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_repository_that_is_not_there_is_a_clear_error()
    {
        var program = Program(_dir.File("repos/missing"), _dir.File("x"));
        var (code, _, error) = await CliRun.RunAsync(["check", "lang", "--download", "--module-path", _dir.File("modules"), program]);
        Assert.Equal(2, code);
        Assert.Contains("cannot download", error);
        Assert.Contains("prog/main.mcl @ 1:1", error);
    }

    [Fact]
    public async Task Flags_that_do_not_fit_the_command_are_refused()
    {
        var program = Write("p.mcl", "");
        Assert.Contains("--only-download", (await CliRun.RunAsync(["check", "lang", "--only-download", program])).Err);
        Assert.Contains("--skip-unify", (await CliRun.RunAsync(["run", "lang", "--skip-unify", program])).Err);
        Assert.Contains("--update", (await CliRun.RunAsync(["check", "lang", "--update", program])).Err);
    }

    private static void Git(string directory, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo("git", ["-C", directory, .. args]) { RedirectStandardError = true })!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
    }
}
