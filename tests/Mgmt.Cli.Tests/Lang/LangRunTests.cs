using Mgmt.Cli.Tests.EndToEnd;
using static Mgmt.Cli.Tests.Lang.LangExamples;

namespace Mgmt.Cli.Tests.Lang;

/// <summary><c>mgmt run lang</c> through the real binary: bad programs, run-time errors, stdin, convergence.</summary>
[Collection(nameof(EndToEndCollection))]
public sealed class LangRunTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public async Task A_parse_error_exits_2_with_the_source_line_and_a_caret_and_touches_nothing()
    {
        var target = _dir.File("never");
        var program = _dir.Write("bad.mcl", $"file \"{target}\" {{\n\tstate => \"exists\",\n\tcontent => \"x\" +,\n}}\n");
        var (code, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "lang", program]);
        await using (p)
        {
            Assert.Equal(2, code);
            Assert.Contains($"mgmt: error: lexparse: ", p.Stderr, StringComparison.Ordinal);
            Assert.Contains($": {program} @ 3:", p.Stderr, StringComparison.Ordinal);
            Assert.Contains("\n    \tcontent => \"x\" +,\n    \t                ^\n", p.Stderr, StringComparison.Ordinal);
            Assert.Contains("mgmt: nothing was changed; fix the input and run again", p.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("is running", p.Stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(target));
        }
    }

    [Fact]
    public async Task A_type_error_says_what_was_expected_and_found_and_exits_2()
    {
        var program = _dir.Write("bad.mcl", $"$n = 42\nfile \"{_dir.File("x")}\" {{\n\tstate => \"exists\",\n\tcontent => $n,\n}}\n");
        var (code, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "lang", program]);
        await using (p)
        {
            Assert.Equal(2, code);
            Assert.Contains("mgmt: error: unify: type error: parameter `content` of `file` resources is of type str, but this value is int", p.Stderr, StringComparison.Ordinal);
            Assert.Contains($"{program} @ 4:2-4:16", p.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_uncaught_run_time_error_keeps_the_last_graph_running_and_fails_the_run()
    {
        var data = _dir.Write("n", "21");
        var target = _dir.File("out");
        var program = _dir.Write("p.mcl", $$"""
            import "convert"
            import "os"
            file "{{target}}" {
            	state => "exists",
            	content => convert.int_to_str(convert.str_to_int(os.readfile("{{data}}")) * 2),
            }

            """);
        await using var p = MgmtProcess.Start(["run", "--tmp-prefix", "--max-runtime", "6", "lang", program]);
        await EventuallyAsync(p, () => File.Exists(target) && File.ReadAllText(target) == "42", "the first content");

        await File.WriteAllTextAsync(data, "forty", TestContext.Current.CancellationToken);
        await p.WaitForLogAsync("the program stopped on the error below");
        await p.WaitForLogAsync($"stream: ");
        Assert.Contains("convert.str_to_int(os.readfile(", p.Stderr, StringComparison.Ordinal);

        // The last graph still runs: its file is repaired.
        File.Delete(target);
        await EventuallyAsync(p, () => File.Exists(target) && File.ReadAllText(target) == "42", "the repair by the last graph", seconds: 10);

        Assert.Equal(1, await p.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("the program had stopped with an error", p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_read_from_stdin_runs()
    {
        var target = _dir.File("piped");
        await using var p = MgmtProcess.Start(
            ["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=0", "lang", "-"],
            stdin: $"file \"{target}\" {{\n\tstate => \"exists\",\n\tcontent => \"from stdin\\n\",\n}}\n");
        Assert.Equal(0, await p.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("from stdin\n", File.ReadAllText(target));
    }

    [Fact]
    public async Task A_ticking_program_whose_graph_does_not_change_still_converges()
    {
        // The clock ticks every second, but it only feeds a condition that stays true: no new graph, no change.
        var target = _dir.File("tick");
        var program = _dir.Write("tick.mcl", $$"""
            import "datetime"
            if datetime.now() > 0 {
            	file "{{target}}" {
            		state => "exists",
            		content => "ticking\n",
            	}
            }

            """);
        var (code, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=2", "--max-runtime", "40", "lang", program]);
        await using (p)
        {
            Assert.True(code == 0, p.Stderr);
            Assert.Contains("stopping: converged", p.Stderr, StringComparison.Ordinal);
            Assert.Equal("ticking\n", File.ReadAllText(target));
        }
    }

    [Fact]
    public async Task Converging_at_once_waits_for_the_graph_a_value_resource_leads_to()
    {
        // The value resource sets its key while it runs; the program reads it and yields a second graph. With a
        // converger timeout of 0 the agent must not exit between the two.
        var target = _dir.File("answer");
        var program = _dir.Write("p.mcl", $$"""
            import "fmt"
            import "value"
            value "answer" {
            	any => 42,
            }
            $v = value.get_int("answer")
            file "{{target}}" {
            	state => "exists",
            	content => fmt.printf("ready=%t value=%d\n", $v->ready, $v->value),
            }

            """);
        var (code, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=0", "--max-runtime", "40", "lang", program]);
        await using (p)
        {
            Assert.True(code == 0, p.Stderr);
            Assert.Contains("stopping: converged", p.Stderr, StringComparison.Ordinal);
            Assert.Equal("ready=true value=42\n", File.ReadAllText(target));
        }
    }

    [Fact]
    public async Task A_missing_input_exits_2_with_a_clear_message()
    {
        var (code, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "lang", _dir.File("nope.mcl")]);
        await using (p)
        {
            Assert.Equal(2, code);
            Assert.Contains($"mgmt: error: {_dir.File("nope.mcl")}: there is no such file or directory", p.Stderr, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _dir.Dispose();
}
