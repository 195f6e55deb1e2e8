namespace Mgmt.Cli.Tests.EndToEnd;

/// <summary>The agent as users run it: the real binary, real files, real signals.</summary>
[Collection(nameof(EndToEndCollection))]
public sealed class RunFlagsTests : IDisposable
{
    private const string Hello = """
        graph: hello
        resources:
          print:
            - {name: greeting, msg: hello from the test}
          noop:
            - {name: start}
        edges:
          - {from: {kind: noop, name: start}, to: {kind: print, name: greeting}, notify: true}
        """;

    private readonly TempDir _dir = new();

    private static string[] Once(params string[] more) =>
        ["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=0", .. more];

    [Fact]
    public async Task Converged_exit_applies_the_graph_and_exits_0()
    {
        var (code, p) = await MgmtProcess.RunAsync(Once("yaml", _dir.Write("g.yaml", Hello)));
        await using var _ = p;
        Assert.Equal(0, code);
        Assert.Contains("print[greeting]: Msg: hello from the test", p.Stderr, StringComparison.Ordinal);
        Assert.Contains("stopping: converged", p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_lines_have_time_level_and_category()
    {
        var (_, p) = await MgmtProcess.RunAsync(Once("empty"));
        await using var _ = p;
        Assert.Matches(@"(?m)^\d\d:\d\d:\d\d\.\d\d\d info agent: starting on ", p.Stderr);
    }

    [Fact]
    public async Task The_empty_front_end_converges_and_exits()
    {
        var (code, p) = await MgmtProcess.RunAsync(Once("empty"));
        await using var _ = p;
        Assert.Equal(0, code);
        Assert.Contains("graph empty is running (0 resources, 0 edges)", p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_temporary_prefix_is_removed_at_exit_and_a_given_prefix_is_created()
    {
        var (_, p) = await MgmtProcess.RunAsync(Once("empty"));
        await using var _ = p;
        var tmp = System.Text.RegularExpressions.Regex.Match(p.Stderr, "with prefix (\\S+),").Groups[1].Value;
        Assert.StartsWith(Path.GetTempPath().TrimEnd('/'), tmp, StringComparison.Ordinal);
        Assert.False(Directory.Exists(tmp));

        var prefix = _dir.File("state/");
        var (code, q) = await MgmtProcess.RunAsync(["run", "--converged-exit", "--converger-timeout=0", "empty"],
            environment: new Dictionary<string, string> { ["MGMT_PREFIX"] = prefix });
        await using var __ = q;
        Assert.Equal(0, code);
        Assert.Contains($"with prefix {prefix},", q.Stderr, StringComparison.Ordinal);
        Assert.True(Directory.Exists(prefix));
    }

    [Fact]
    public async Task Noop_reports_what_would_change_without_doing_it()
    {
        var (code, p) = await MgmtProcess.RunAsync(Once("--noop", "yaml", _dir.Write("g.yaml", Hello)));
        await using var _ = p;
        Assert.Equal(0, code);
        Assert.DoesNotContain("Msg: hello from the test", p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_converger_status_file_records_the_transitions()
    {
        var status = _dir.File("status");
        var (code, p) = await MgmtProcess.RunAsync(Once("--converger-status-file", status, "yaml", _dir.Write("g.yaml", Hello)));
        await using var _ = p;
        Assert.Equal(0, code);
        Assert.Equal("true\n", await File.ReadAllTextAsync(status, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Graphviz_writes_the_running_graph()
    {
        var dot = _dir.File("graph.dot");
        var (code, p) = await MgmtProcess.RunAsync(Once("--graphviz", dot, "yaml", _dir.Write("g.yaml", Hello)));
        await using var _ = p;
        Assert.Equal(0, code);
        var text = await File.ReadAllTextAsync(dot, TestContext.Current.CancellationToken);
        Assert.StartsWith("digraph", text, StringComparison.Ordinal);
        Assert.Contains("print[greeting]", text, StringComparison.Ordinal);
        Assert.Contains("noop[start]", text, StringComparison.Ordinal);
        Assert.Equal(["g.yaml", "graph.dot"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Max_runtime_stops_an_agent_that_would_run_forever()
    {
        var (code, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "--max-runtime", "1", "empty"]);
        await using var _ = p;
        Assert.Equal(0, code);
        Assert.Contains("stopping: the maximum run time was reached", p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Max_runtime_from_the_environment_before_convergence_exits_3()
    {
        // A timeout longer than the run time: the graph cannot count as converged in time.
        var (code, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=30", "empty"],
            environment: new Dictionary<string, string> { ["MGMT_MAX_RUNTIME"] = "1" });
        await using var _ = p;
        Assert.Equal(3, code);
        Assert.Contains("did not converge within --max-runtime 1 s", p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resource_that_failed_makes_a_converged_run_exit_1()
    {
        var file = _dir.Write("g.yaml", "resources:\n  test:\n    - {name: picky, expectrecv: [x]}\n  print:\n    - {name: fine, msg: ok}\n");
        var (code, p) = await MgmtProcess.RunAsync(Once("yaml", file));
        await using var _ = p;
        Assert.Equal(1, code);
        Assert.Contains("1 resource(s) failed: test[picky]", p.Stderr, StringComparison.Ordinal);
        Assert.Contains("Msg: ok", p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostname_is_given_to_the_agent()
    {
        var (code, p) = await MgmtProcess.RunAsync(Once("--hostname", "node-7", "empty"));
        await using var _ = p;
        Assert.Equal(0, code);
        Assert.Contains("starting on node-7 ", p.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}

/// <summary>End-to-end tests start real agents: run them one at a time so they do not compete for the two cores.</summary>
[CollectionDefinition(nameof(EndToEndCollection), DisableParallelization = true)]
public sealed class EndToEndCollection;
