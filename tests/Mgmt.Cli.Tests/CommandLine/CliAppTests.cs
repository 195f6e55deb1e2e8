namespace Mgmt.Cli.Tests.CommandLine;

public sealed class CliAppTests
{
    [Fact]
    public async Task Version_prints_the_version()
    {
        var (code, output, _) = await CliRun.RunAsync(["--version"]);
        Assert.Equal(0, code);
        Assert.Matches(@"^mgmt \d+\.\d+\.\d+\n$", output);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("help")]
    public async Task Top_level_help_lists_the_commands(string how)
    {
        var (code, output, _) = await CliRun.RunAsync([how]);
        Assert.Equal(0, code);
        Assert.StartsWith("Usage: mgmt", output, StringComparison.Ordinal);
        Assert.Contains("  run ", output, StringComparison.Ordinal);
        Assert.Contains("  check ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run", "--help")]
    [InlineData("help", "run")]
    public async Task Run_help_lists_front_ends_and_every_flag(params string[] args)
    {
        var (code, output, _) = await CliRun.RunAsync(args);
        Assert.Equal(0, code);
        Assert.StartsWith("Usage: mgmt run [flags] <lang|yaml|puppet|empty> ...", output, StringComparison.Ordinal);
        foreach (var flag in new[]
        {
            "--hostname", "--prefix", "--tmp-prefix", "--converger-timeout", "--converged-exit", "--converger-status-file",
            "--max-runtime", "--noop", "--sema", "--no-autoedges", "--no-autogroup", "--graphviz", "--no-watch",
            "MGMT_PREFIX", "MGMT_CONVERGER_TIMEOUT", "MGMT_MAX_RUNTIME", "--trust", "--insecure-deploys",
        })
        {
            Assert.Contains(flag, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("run", "yaml", "--help")]
    [InlineData("run", "empty", "--help")]
    [InlineData("check", "--help")]
    [InlineData("check", "yaml", "--help")]
    [InlineData("help", "--help")]
    [InlineData("help", "run", "yaml")]
    public async Task Every_command_has_help(params string[] args)
    {
        var (code, output, error) = await CliRun.RunAsync(args);
        Assert.Equal(0, code);
        Assert.StartsWith("Usage: mgmt ", output, StringComparison.Ordinal);
        Assert.Equal("", error);
    }

    [Fact]
    public async Task A_usage_error_exits_2_with_the_message_and_where_to_look()
    {
        var (code, output, error) = await CliRun.RunAsync(["run", "--sema", "many", "empty"]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("mgmt: error: --sema expects a whole number of 1 or more, got 'many'\nRun 'mgmt run --help' for usage.\n", error);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_for_an_unknown_command_is_a_usage_error()
    {
        var (code, _, error) = await CliRun.RunAsync(["help", "deplyo"]);
        Assert.Equal(2, code);
        Assert.Contains("there is no command 'deplyo' under 'mgmt'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mgmt_alone_asks_for_a_command()
    {
        var (code, _, error) = await CliRun.RunAsync([]);
        Assert.Equal(2, code);
        Assert.Contains("mgmt needs a command: run, check, fmt, completion, setup, man, cluster, deploy, tls, help", error, StringComparison.Ordinal);
    }
}
