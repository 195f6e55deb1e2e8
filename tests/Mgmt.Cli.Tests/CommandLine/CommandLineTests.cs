using Mgmt.Cli.CommandLine;
using Mgmt.Cli.Commands;

namespace Mgmt.Cli.Tests.CommandLine;

public sealed class CommandLineTests
{
    private static ParseResult Parse(params string[] args) => Parse(args, new Dictionary<string, string>());

    private static ParseResult Parse(string[] args, Dictionary<string, string> env) =>
        CommandLineParser.Parse(new MgmtCommand(), args, name => env.GetValueOrDefault(name));

    private static RunCommand RunOf(ParseResult r) => r.Command.SelfAndAncestors().OfType<RunCommand>().Single();

    [Fact]
    public void Every_run_flag_reaches_the_agent_settings()
    {
        var r = Parse(
            "run", "--hostname", "h1", "--prefix=/tmp/p", "--no-watch", "--noop", "--sema", "3", "--no-autoedges",
            "--no-autogroup", "--graphviz", "/tmp/g.dot", "--converger-timeout", "5", "--converged-exit",
            "--converger-status-file=/tmp/s", "--max-runtime=60", "--allow-tmp-prefix", "yaml", "f.yaml");
        Assert.Equal("yaml", r.Command.Name);
        Assert.Equal(["f.yaml"], r.Arguments);
        var s = RunOf(r).Settings;
        Assert.Equal("h1", s.Hostname);
        Assert.Equal("/tmp/p", s.Prefix);
        Assert.False(s.Watch);
        Assert.True(s.Noop);
        Assert.Equal(3, s.Sema);
        Assert.False(s.AutoEdges);
        Assert.False(s.AutoGroup);
        Assert.Equal("/tmp/g.dot", s.GraphvizFile);
        Assert.Equal(5, s.ConvergerTimeout);
        Assert.True(s.ConvergedExit);
        Assert.Equal("/tmp/s", s.ConvergerStatusFile);
        Assert.Equal(60, s.MaxRuntime);
        Assert.True(s.AllowTmpPrefix);
        Assert.False(s.TmpPrefix);
    }

    [Fact]
    public void Defaults_match_the_reference()
    {
        var s = RunOf(Parse("run", "empty")).Settings;
        Assert.Equal(-1, s.ConvergerTimeout);
        Assert.False(s.ConvergedExit);
        Assert.Null(s.Sema);
        Assert.Equal(0, s.MaxRuntime);
        Assert.True(s.Watch);
        Assert.True(s.AutoEdges);
        Assert.True(s.AutoGroup);
        Assert.False(s.Noop);
        Assert.Null(s.Prefix);
    }

    [Fact]
    public void Run_flags_may_follow_the_front_end_and_its_file()
    {
        var r = Parse("run", "yaml", "f.yaml", "--converger-timeout=0", "--converged-exit", "--tmp-prefix");
        var s = RunOf(r).Settings;
        Assert.Equal(0, s.ConvergerTimeout);
        Assert.True(s.ConvergedExit);
        Assert.True(s.TmpPrefix);
        Assert.Equal(["f.yaml"], r.Arguments);
    }

    [Fact]
    public void A_negative_number_is_taken_as_a_flag_value()
    {
        Assert.Equal(-1, RunOf(Parse("run", "--converger-timeout", "-1", "empty")).Settings.ConvergerTimeout);
    }

    [Fact]
    public void Switches_take_an_explicit_false()
    {
        Assert.False(RunOf(Parse("run", "--noop=false", "empty")).Settings.Noop);
        Assert.True(RunOf(Parse("run", "--noop=true", "empty")).Settings.Noop);
    }

    [Fact]
    public void Environment_variables_fill_in_flags_that_were_not_given()
    {
        var env = new Dictionary<string, string> { ["MGMT_PREFIX"] = "/srv/mgmt", ["MGMT_CONVERGER_TIMEOUT"] = "7", ["MGMT_MAX_RUNTIME"] = "9" };
        var s = RunOf(Parse(["run", "empty"], env)).Settings;
        Assert.Equal("/srv/mgmt", s.Prefix);
        Assert.Equal(7, s.ConvergerTimeout);
        Assert.Equal(9, s.MaxRuntime);

        var overridden = RunOf(Parse(["run", "--converger-timeout=1", "empty"], env)).Settings;
        Assert.Equal(1, overridden.ConvergerTimeout);
    }

    [Fact]
    public void Tmp_prefix_wins_over_a_prefix_from_the_environment_but_not_from_the_command_line()
    {
        var env = new Dictionary<string, string> { ["MGMT_PREFIX"] = "/srv/mgmt" };
        var s = RunOf(Parse(["run", "--tmp-prefix", "empty"], env)).Settings;
        Assert.True(s.TmpPrefix);
        Assert.Null(s.Prefix);
        var e = Assert.Throws<UsageException>(() => Parse("run", "--tmp-prefix", "--prefix", "/x", "empty"));
        Assert.Contains("--tmp-prefix and --prefix cannot be used together", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--sema expects a whole number of 1 or more, got 'x'", "run", "--sema", "x", "empty")]
    [InlineData("--sema expects a whole number of 1 or more, got '0'", "run", "--sema=0", "empty")]
    [InlineData("--converger-timeout expects a number of seconds (0 or more), or -1 for never, got '-2'", "run", "--converger-timeout=-2", "empty")]
    [InlineData("--max-runtime expects a number of seconds (0 or more; 0 means no limit), got 'soon'", "run", "--max-runtime", "soon", "empty")]
    [InlineData("--noop expects true or false (or nothing, meaning true), got 'maybe'", "run", "--noop=maybe", "empty")]
    [InlineData("--hostname needs a value: --hostname NAME", "run", "empty", "--hostname")]
    [InlineData("unknown flag --semaa for 'mgmt run empty'; did you mean --sema?", "run", "empty", "--semaa", "2")]
    [InlineData("'mgmt' has no command 'rnu' (it has: run, check, fmt, completion, setup, man, cluster, deploy, tls, help); did you mean 'run'?", "rnu")]
    [InlineData("'mgmt run' has no command 'yml' (it has: lang, yaml, puppet, empty); did you mean 'yaml'?", "run", "yml", "f")]
    [InlineData("'mgmt run' needs one of: lang, yaml, puppet, empty", "run")]
    [InlineData("'mgmt run yaml' needs FILE: mgmt run yaml FILE", "run", "yaml")]
    [InlineData("'mgmt run yaml' takes FILE, but got an extra argument 'b.yaml'", "run", "yaml", "a.yaml", "b.yaml")]
    [InlineData("'mgmt run empty' takes no arguments, but got 'x'", "run", "empty", "x")]
    [InlineData("--converged-exit needs --converger-timeout SEC (0 or more): without a timeout the graph never counts as converged", "run", "--converged-exit", "empty")]
    [InlineData("--hostname 'a/b' is not usable: a host name cannot contain '/', spaces or control characters", "run", "--hostname", "a/b", "empty")]
    public void Mistakes_name_the_flag_and_what_it_expects(string message, params string[] args)
    {
        var e = Assert.Throws<UsageException>(() => Parse(args));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_bad_environment_value_names_the_variable()
    {
        var env = new Dictionary<string, string> { ["MGMT_MAX_RUNTIME"] = "-5" };
        var e = Assert.Throws<UsageException>(() => Parse(["run", "empty"], env));
        Assert.StartsWith("the environment variable MGMT_MAX_RUNTIME expects", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_is_found_anywhere_on_the_line()
    {
        var r = Parse("run", "yaml", "--help");
        Assert.True(r.HelpRequested);
        Assert.Equal("mgmt run yaml", r.Command.Path);
        Assert.True(Parse("-h").HelpRequested);
    }

    [Fact]
    public void Everything_after_a_double_dash_is_an_argument()
    {
        var r = Parse("run", "yaml", "--", "--odd-name.yaml");
        Assert.Equal(["--odd-name.yaml"], r.Arguments);
    }

    [Fact]
    public void The_debug_flag_is_global()
    {
        var r = Parse("run", "empty", "-v");
        Assert.True(((MgmtCommand)r.Command.SelfAndAncestors().Last()).Debug.Value);
    }
}
