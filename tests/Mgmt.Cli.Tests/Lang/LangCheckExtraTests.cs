using Mgmt.Cli.Tests.CommandLine;

namespace Mgmt.Cli.Tests.Lang;

/// <summary>What <c>check lang</c> gained: unknown kinds, --skip-unify, inline code, paths that read as typed.</summary>
public sealed class LangCheckExtraTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mgmt-check-extra-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task An_unknown_kind_without_parameters_fails_check_at_its_place()
    {
        var (code, _, error) = await CliRun.RunAsync(["check", "lang", "notakind \"x\" {}\n"]);
        Assert.Equal(2, code);
        Assert.StartsWith("mgmt: error: interpret: there is no resource kind `notakind`", error, StringComparison.Ordinal);
        Assert.Contains("<inline> @ 1:1-1:16", error);
    }

    [Fact]
    public async Task Skip_unify_stops_before_types_but_still_resolves_names()
    {
        const string program = "$x = 1 + \"a\"\nprint \"p\" { msg => $x, }\n";
        Assert.Equal(2, (await CliRun.RunAsync(["check", "lang", program])).Code);
        var (code, output, _) = await CliRun.RunAsync(["check", "lang", "--skip-unify", program]);
        Assert.Equal(0, code);
        Assert.Contains("types not checked", output);
        Assert.Equal(2, (await CliRun.RunAsync(["check", "lang", "--skip-unify", "print \"p\" { msg => $nope, }\n"])).Code);
    }

    [Fact]
    public async Task A_missing_local_import_is_named_as_the_user_would_write_it()
    {
        var program = Path.Combine(_dir.FullName, "main.mcl");
        await File.WriteAllTextAsync(program, "import \"nothere.mcl\"\n", TestContext.Current.CancellationToken);
        var (code, _, error) = await CliRun.RunAsync(["check", "lang", program]);
        Assert.Equal(2, code);
        Assert.Contains($"there is no file {_dir.FullName}/nothere.mcl", error);
    }

    [Fact]
    public async Task A_kind_with_an_underscore_checks()
    {
        var (code, output, error) = await CliRun.RunAsync(["check", "lang", "ssh:authorized_key \"k\" {\n\tstate => \"absent\",\n\tcontent => \"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOLlHSZU/zoD54fGacCI1wAFEdRmoBYFKG1PMDhhJBFX c\",\n\tfile => \"/tmp/k\",\n}\n"]);
        Assert.True(code == 0, error);
        Assert.StartsWith("ok: the program given on the command line compiles", output, StringComparison.Ordinal);
    }
}
