namespace Mgmt.Cli.Tests.EndToEnd;

[Collection(nameof(EndToEndCollection))]
public sealed class BadInputTests : IDisposable
{
    private readonly TempDir _dir = new();

    // Every case starts with "resources:" and gets a valid msg resource put in front of its own (two lines):
    // the messages point at the original mistakes, two lines further down, and the msg must never run.
    private const string Prelude = "resources:\n  msg:\n  - {name: would-run, body: SHOULD NOT APPEAR}\n";

    [Theory]
    [InlineData("resources:\n  noop:\n  - name: a\n   x: 1\n", ":6:4: this is not valid YAML")]
    [InlineData("resources:\n  nosuchkind:\n  - name: a\n", ":4:3: there is no resource kind 'nosuchkind'")]
    [InlineData("resources:\n  print:\n  - {name: a, mgs: x}\n", ":5:15: print has no parameter 'mgs'; did you mean 'msg'?")]
    [InlineData("resources:\n  test:\n  - {name: a, int16: big}\n", ":5:22: parameter 'int16' of test[a] must be a whole number, not 'big'")]
    [InlineData("resources:\n  print:\n  - {msg: x}\n", ":5:5: this print has no name; add 'name: ...'")]
    [InlineData("resources:\n  noop: [{name: a}, {name: b}]\nedges:\n- {from: {kind: noop, name: a}, to: {kind: noop, name: b}}\n- {from: {kind: noop, name: b}, to: {kind: noop, name: a}}\n", ":7:3: the edges form a cycle")]
    [InlineData("resources:\n  noop: [{name: a}]\nedges:\n- {from: {kind: noop, name: a}, to: {kind: noop, name: zz}}\n", ":6:37: the edge's 'to' end names noop[zz], but there is no noop[zz] in this file")]
    [InlineData("resources:\n  test:\n  - {name: t, validatebool: true}\n", ":5:5: test[t]: validatebool is true")]
    public async Task Each_mistake_is_one_message_with_file_and_line_and_exit_2_and_nothing_runs(string yaml, string expected)
    {
        var status = _dir.File("status");
        var file = _dir.Write("bad.yaml", Prelude + yaml["resources:\n".Length..]);
        var (code, p) = await MgmtProcess.RunAsync(
            ["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=0", "--converger-status-file", status, "yaml", file]);
        await using var _ = p;
        Assert.Equal(2, code);
        Assert.Contains($"mgmt: error: {file}{expected}", p.Stderr, StringComparison.Ordinal);
        Assert.Single(p.Stderr.Split('\n'), l => l.StartsWith("mgmt: error:", StringComparison.Ordinal));
        Assert.Contains("nothing was changed", p.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("SHOULD NOT APPEAR", p.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", p.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(status));
    }

    [Fact]
    public async Task A_valid_file_resource_next_to_a_mistake_is_not_created()
    {
        var target = _dir.File("must-not-exist");
        var yaml = $"resources:\n  file:\n    - {{name: {target}, state: exists, content: x}}\n  exec:\n    - {{name: e, cmd: true, timeout: -3}}\n";
        var (code, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=0", "yaml", _dir.Write("g.yaml", yaml)]);
        await using var _ = p;
        Assert.Equal(2, code);
        Assert.Contains(":5:37: parameter 'timeout' of exec[e]: -3 does not fit", p.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task A_missing_file_is_exit_2()
    {
        var file = _dir.File("nope.yaml");
        var (code, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "yaml", file]);
        await using var _ = p;
        Assert.Equal(2, code);
        Assert.Contains($"mgmt: error: {file}: there is no such file; check the path", p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_flag_is_exit_2_without_starting()
    {
        var (code, p) = await MgmtProcess.RunAsync(["run", "--sema", "0", "empty"]);
        await using var _ = p;
        Assert.Equal(2, code);
        Assert.Equal("mgmt: error: --sema expects a whole number of 1 or more, got '0'\nRun 'mgmt run --help' for usage.\n", p.Stderr);
    }

    public void Dispose() => _dir.Dispose();
}
