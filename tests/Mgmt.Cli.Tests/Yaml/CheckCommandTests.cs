using Mgmt.Cli.Tests.CommandLine;

namespace Mgmt.Cli.Tests.Yaml;

public sealed class CheckCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mgmt-check-test-");

    [Fact]
    public async Task A_good_file_is_ok()
    {
        var file = Path.Combine(_dir.FullName, "ok.yaml");
        await File.WriteAllTextAsync(file, "graph: g\nresources:\n  noop: [{name: a}, {name: b}]\nedges:\n  - {from: {kind: noop, name: a}, to: {kind: noop, name: b}}\n", TestContext.Current.CancellationToken);
        var (code, output, error) = await CliRun.RunAsync(["check", "yaml", file]);
        Assert.Equal(0, code);
        Assert.Equal("ok: graph g has 2 resources and 1 edges\n", output);
        Assert.Equal("", error);
    }

    [Fact]
    public async Task A_bad_file_lists_its_problems_and_exits_2()
    {
        var file = Path.Combine(_dir.FullName, "bad.yaml");
        await File.WriteAllTextAsync(file, "resources:\n  noop: [{name: a, x: 1}]\n", TestContext.Current.CancellationToken);
        var (code, _, error) = await CliRun.RunAsync(["check", "yaml", file]);
        Assert.Equal(2, code);
        Assert.Equal($"mgmt: error: {file}:2:20: noop has no parameter 'x'; its parameters are comment\n\n      noop: [{{name: a, x: 1}}]\n                       ^\n", error);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
