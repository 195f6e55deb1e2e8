using Mgmt.Cli.Tests.CommandLine;
using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Yaml;

/// <summary>
/// `mgmt check yaml` and `mgmt run yaml` refuse the same files with the same messages: a file check accepts is
/// not refused later by run for a meta parameter or a name.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class CheckAgreesWithRunTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Theory]
    [InlineData("exec:\n    - {name: c, cmd: /bin/true, meta: {export: [\"bad host\"]}}\n", ":3:49: exec[c]: Meta:export target \"bad host\" is not a hostname")]
    [InlineData("exec:\n    - {name: c, cmd: /bin/true, meta: {timeout: -1, delay: -5}}\n", ":3:49: exec[c]: Meta:timeout is in milliseconds")]
    [InlineData("print:\n    - {name: $f, msg: hi}\n", ":3:14: print[$f]: the name starts with '$'")]
    public async Task Check_and_run_report_the_same_positioned_mistakes(string resources, string expected)
    {
        var file = _dir.Write("g.yaml", "resources:\n  " + resources);

        var (checkCode, checkOut, checkErr) = await CliRun.RunAsync(["check", "yaml", file]);
        var (runCode, run) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "--no-watch", "yaml", file]);
        await using var _ = run;

        Assert.Equal("", checkOut);
        Assert.Equal(2, checkCode);
        Assert.Equal(2, runCode);
        Assert.Contains($"mgmt: error: {file}{expected}", checkErr, StringComparison.Ordinal);
        Assert.Equal(ErrorLines(checkErr), ErrorLines(run.Stderr));
    }

    [Fact]
    public async Task A_dollar_name_with_meta_dollar_passes_check_and_runs()
    {
        var file = _dir.Write("g.yaml", "resources:\n  print:\n    - {name: $f, msg: \"\", meta: {dollar: true}}\n");
        var (checkCode, checkOut, _) = await CliRun.RunAsync(["check", "yaml", file]);
        Assert.Equal(0, checkCode);
        Assert.StartsWith("ok:", checkOut, StringComparison.Ordinal);

        var (runCode, run) = await MgmtProcess.RunAsync(
            ["run", "--tmp-prefix", "--no-watch", "--converged-exit", "--converger-timeout=0", "yaml", file]);
        await using var _ = run;
        Assert.Equal(0, runCode);
        Assert.Contains("print[$f]: Msg: <empty>", run.Stderr, StringComparison.Ordinal);
    }

    private static List<string> ErrorLines(string stderr) =>
        [.. stderr.Split('\n').Where(l => l.StartsWith("mgmt: error:", StringComparison.Ordinal))];

    public void Dispose() => _dir.Dispose();
}
