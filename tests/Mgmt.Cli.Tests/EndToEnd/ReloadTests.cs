namespace Mgmt.Cli.Tests.EndToEnd;

[Collection(nameof(EndToEndCollection))]
public sealed class ReloadTests : IDisposable
{
    private const int SigInt = 2;

    private readonly TempDir _dir = new();

    [Fact]
    public async Task An_edit_of_the_yaml_file_is_applied_while_running_and_a_bad_edit_keeps_the_old_graph()
    {
        var file = _dir.Write("g.yaml", "resources:\n  print: [{name: p, msg: first}]\n");
        await using var p = MgmtProcess.Start(["run", "--tmp-prefix", "yaml", file]);
        await p.WaitForLogAsync("Msg: first");

        await File.WriteAllTextAsync(file, "resources:\n  print: [{name: p, msg: second}]\n  noop: [{name: n}]\n", TestContext.Current.CancellationToken);
        await p.WaitForLogAsync("Msg: second");
        await p.WaitForLogAsync("is running (2 resources");

        await File.WriteAllTextAsync(file, "resources:\n  print: [{name: p, msg: third, oops: 1}]\n", TestContext.Current.CancellationToken);
        await p.WaitForLogAsync("print has no parameter 'oops'");
        await p.WaitForLogAsync("the previous graph keeps running");
        Assert.False(p.HasExited);

        await File.WriteAllTextAsync(file, "resources:\n  print: [{name: p, msg: fourth}]\n", TestContext.Current.CancellationToken);
        await p.WaitForLogAsync("Msg: fourth");
        p.Signal(SigInt);
        Assert.Equal(0, await p.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain("Msg: third", p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_watch_ignores_edits()
    {
        var file = _dir.Write("g.yaml", "resources:\n  print: [{name: p, msg: first}]\n");
        await using var p = MgmtProcess.Start(["run", "--tmp-prefix", "--no-watch", "yaml", file]);
        await p.WaitForLogAsync("Msg: first");
        await File.WriteAllTextAsync(file, "resources:\n  print: [{name: p, msg: second}]\n", TestContext.Current.CancellationToken);
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        p.Signal(SigInt);
        Assert.Equal(0, await p.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain("Msg: second", p.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
