namespace Mgmt.Cli.Tests.EndToEnd;

/// <summary>Every example in examples/yaml runs to convergence and leaves the machine as it says.</summary>
[Collection(nameof(EndToEndCollection))]
public sealed class ExampleTests : IDisposable
{
    private static readonly string[] All = ["hello", "parallel", "ordering", "notify", "drift", "semaphores", "noop"];

    public ExampleTests()
    {
        foreach (var e in All) Examples.Clear(e);
    }

    [Fact]
    public void Every_example_file_is_covered_by_a_test()
    {
        var dir = Path.GetDirectoryName(Examples.Yaml("hello.yaml"))!;
        Assert.Equal(All.Order(), Directory.GetFiles(dir, "*.yaml").Select(Path.GetFileNameWithoutExtension).Order());
    }

    [Fact]
    public async Task Hello_writes_its_file_once_and_then_finds_it_right()
    {
        var (code, p) = await Examples.RunOnceAsync("hello");
        await using (p)
        {
            Assert.Equal(0, code);
            Assert.Equal("hello from mgmt\n", await File.ReadAllTextAsync("/tmp/mgmt-example-hello/hello.txt", TestContext.Current.CancellationToken));
            Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode("/tmp/mgmt-example-hello/hello.txt"));
            Assert.Contains("Msg: /tmp/mgmt-example-hello/hello.txt is in place", p.Stderr, StringComparison.Ordinal);
        }
        var (again, q) = await Examples.RunOnceAsync("hello");
        await using (q)
        {
            Assert.Equal(0, again);
            Assert.DoesNotContain("file[/tmp/mgmt-example-hello/hello.txt]: changed", q.Stderr, StringComparison.Ordinal);
            Assert.Contains("summary: 3 resources, 1 changed, 0 failed", q.Stderr, StringComparison.Ordinal); // only the print shows its message again
        }
    }

    [Fact]
    public async Task Parallel_runs_the_independent_commands_at_the_same_time()
    {
        var (code, p) = await Examples.RunOnceAsync("parallel");
        await using (p)
        {
            Assert.Equal(0, code);
            for (var i = 1; i <= 8; i++) Assert.True(File.Exists($"/tmp/mgmt-example-parallel/done{i}"));
            var log = File.ReadAllLines("/tmp/mgmt-example-parallel/log");
            Assert.Equal(8, log.Count(l => l == "start"));
            Assert.Equal(8, log.Count(l => l == "end"));
            // Serial runs would alternate start/end; in parallel, several start before the first one ends.
            Assert.True(Array.IndexOf(log, "end") >= 2, string.Join(",", log));
        }
        var (again, q) = await Examples.RunOnceAsync("parallel");
        await using (q)
        {
            Assert.Equal(0, again);
            Assert.DoesNotContain(" cmd: ", q.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Sema_1_runs_the_same_commands_one_after_another()
    {
        var (code, p) = await Examples.RunOnceAsync("parallel", "--sema", "1");
        await using var _ = p;
        Assert.Equal(0, code);
        var log = File.ReadAllLines("/tmp/mgmt-example-parallel/log");
        Assert.Equal(Enumerable.Range(0, 8).SelectMany(_ => new[] { "start", "end" }), log);
    }

    [Fact]
    public async Task Ordering_runs_the_chain_in_order()
    {
        var (code, p) = await Examples.RunOnceAsync("ordering");
        await using var _ = p;
        Assert.Equal(0, code);
        Assert.Equal("first\nsecond\nthird\n", await File.ReadAllTextAsync("/tmp/mgmt-example-ordering/chain.log", TestContext.Current.CancellationToken));
        Assert.Equal("aside\n", await File.ReadAllTextAsync("/tmp/mgmt-example-ordering/aside.log", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Notify_refreshes_the_print_only_when_the_command_changed_something()
    {
        var (code, p) = await Examples.RunOnceAsync("notify");
        await using (p)
        {
            Assert.Equal(0, code);
            Assert.True(File.Exists("/tmp/mgmt-example-notify/built"));
            Assert.Contains("Msg: the build changed, reloading the service", p.Stderr, StringComparison.Ordinal);
        }
        var (again, q) = await Examples.RunOnceAsync("notify");
        await using (q)
        {
            Assert.Equal(0, again);
            Assert.DoesNotContain("Msg: the build changed", q.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Drift_is_repaired_while_the_agent_runs()
    {
        const string motd = "/tmp/mgmt-example-drift/motd";
        const string expected = "This machine is managed by mgmt. Local edits are undone.\n";
        var (code, p) = await Examples.RunOnceAsync("drift");
        await using (p) Assert.Equal(0, code);
        Assert.Equal(expected, await File.ReadAllTextAsync(motd, TestContext.Current.CancellationToken));

        await using var agent = MgmtProcess.Start(["run", "--tmp-prefix", "yaml", Examples.Yaml("drift.yaml")]);
        await agent.WaitForLogAsync("graph drift is running");
        await Task.Delay(200, TestContext.Current.CancellationToken);

        await File.WriteAllTextAsync(motd, "oops\n", TestContext.Current.CancellationToken);
        Assert.True(await Examples.EventuallyAsync(() => SafeRead(motd) == expected), "content was not repaired");
        File.SetUnixFileMode(motd, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.True(await Examples.EventuallyAsync(() => File.GetUnixFileMode(motd) == (UnixFileMode)0b110_100_100), "mode was not repaired");
        File.Delete(motd);
        Assert.True(await Examples.EventuallyAsync(() => SafeRead(motd) == expected), "deleted file was not recreated");

        agent.Signal(2);
        Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Semaphores_keep_holders_of_one_semaphore_apart()
    {
        var (code, p) = await Examples.RunOnceAsync("semaphores");
        await using var _ = p;
        Assert.Equal(0, code);
        Assert.Equal(["start", "end", "start", "end", "start", "end"], File.ReadAllLines("/tmp/mgmt-example-semaphores/db.log"));
        Assert.Equal(["fetch1", "fetch2", "fetch3"], File.ReadAllLines("/tmp/mgmt-example-semaphores/pool.log").Order());
    }

    [Fact]
    public async Task Noop_waits_for_both_branches()
    {
        var (code, p) = await Examples.RunOnceAsync("noop");
        await using var _ = p;
        Assert.Equal(0, code);
        var log = p.Stderr;
        var finished = log.IndexOf("Msg: everything is ready", StringComparison.Ordinal);
        Assert.True(finished > log.IndexOf("Msg: the left branch ran", StringComparison.Ordinal));
        Assert.True(finished > log.IndexOf("Msg: the right branch ran", StringComparison.Ordinal));
        Assert.True(log.IndexOf("Msg: the left branch ran", StringComparison.Ordinal) >= 0);
    }

    [Fact]
    public async Task Noop_mode_leaves_the_machine_untouched()
    {
        var (code, p) = await Examples.RunOnceAsync("hello", "--noop");
        await using var _ = p;
        Assert.Equal(0, code);
        Assert.False(Directory.Exists("/tmp/mgmt-example-hello/"));
    }

    [Fact]
    public async Task No_autoedges_leaves_out_the_automatic_edge_from_a_directory_to_its_file()
    {
        using var dir = new TempDir();
        const string autoEdge = "\"file[/tmp/mgmt-example-hello/]\" -> \"file[/tmp/mgmt-example-hello/hello.txt]\"";
        var (code, p) = await Examples.RunOnceAsync("hello", "--noop", "--graphviz", dir.File("with.dot"));
        await using (p) Assert.Equal(0, code);
        Assert.Contains(autoEdge, await File.ReadAllTextAsync(dir.File("with.dot"), TestContext.Current.CancellationToken), StringComparison.Ordinal);

        var (code2, q) = await Examples.RunOnceAsync("hello", "--noop", "--no-autoedges", "--graphviz", dir.File("without.dot"));
        await using (q) Assert.Equal(0, code2);
        var without = await File.ReadAllTextAsync(dir.File("without.dot"), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(autoEdge, without, StringComparison.Ordinal);
        Assert.Contains("\"file[/tmp/mgmt-example-hello/hello.txt]\" -> \"print[done]\"", without, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_autogroup_runs_each_print_on_its_own()
    {
        var (grouped, p) = await Examples.RunOnceAsync("noop");
        await using (p)
        {
            Assert.Equal(0, grouped);
            Assert.Matches(@"print\[(left|right)\]: print\[(left|right)\]: Msg: ", p.Stderr);
        }
        var (code, q) = await Examples.RunOnceAsync("noop", "--no-autogroup");
        await using (q)
        {
            Assert.Equal(0, code);
            Assert.Contains("info print[left]: Msg: the left branch ran", q.Stderr, StringComparison.Ordinal);
            Assert.Contains("info print[right]: Msg: the right branch ran", q.Stderr, StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        foreach (var e in All) Examples.Clear(e);
    }

    private static string? SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
