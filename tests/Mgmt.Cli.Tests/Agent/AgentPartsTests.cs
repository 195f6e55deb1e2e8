using Mgmt.Cli.Agent;
using Mgmt.Cli.Logging;
using Mgmt.Engine.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mgmt.Cli.Tests.Agent;

public sealed class AgentPartsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mgmt-agent-test-");

    [Fact]
    public void The_status_file_gets_one_line_per_transition_after_what_was_there()
    {
        var path = Path.Combine(_dir.FullName, "status");
        File.WriteAllText(path, "false\n");
        var file = new ConvergerStatusFile(path, NullLogger.Instance);
        file.Append(true);
        file.Append(false);
        file.Append(true);
        Assert.Equal("false\ntrue\nfalse\ntrue\n", File.ReadAllText(path));
    }

    [Fact]
    public void An_unwritable_status_file_is_a_warning_not_a_crash()
    {
        var logger = new ListLogger();
        var file = new ConvergerStatusFile(Path.Combine(_dir.FullName, "no-such-dir", "status"), logger);
        file.Append(true);
        file.Append(false);
        Assert.Single(logger.Lines, l => l.StartsWith("Warning cannot write the converger status file", StringComparison.Ordinal));
    }

    [Fact]
    public void The_prefix_comes_from_the_flag_then_systemd_then_the_user()
    {
        var prefix = Path.Combine(_dir.FullName, "p");
        using (var p = AgentPrefix.Resolve(new AgentSettings { Prefix = prefix }, _ => null, NullLogger.Instance))
        {
            Assert.Equal(prefix, p.Path);
            Assert.False(p.IsTemporary);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(prefix));
        }
        Assert.True(Directory.Exists(prefix));

        Assert.Equal("/var/lib/x", AgentPrefix.Default(n => n == "STATE_DIRECTORY" ? "/var/lib/x:/var/lib/y" : null));
        var fallback = AgentPrefix.Default(_ => null);
        Assert.Equal(Environment.IsPrivilegedProcess ? "/var/lib/mgmt/" : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "mgmt") + "/", fallback);
    }

    [Fact]
    public void A_temporary_prefix_is_removed_on_dispose()
    {
        string path;
        using (var p = AgentPrefix.Resolve(new AgentSettings { TmpPrefix = true }, _ => null, NullLogger.Instance))
        {
            path = p.Path;
            Assert.True(p.IsTemporary);
            File.WriteAllText(Path.Combine(path, "state"), "x");
        }
        Assert.False(Directory.Exists(path));
    }

    [Fact]
    public void A_prefix_that_cannot_be_created_is_a_usage_error_unless_a_temporary_one_is_allowed()
    {
        var blocker = Path.Combine(_dir.FullName, "file");
        File.WriteAllText(blocker, "");
        var impossible = Path.Combine(blocker, "sub");
        var e = Assert.Throws<Cli.CommandLine.UsageException>(() => AgentPrefix.Resolve(new AgentSettings { Prefix = impossible }, _ => null, NullLogger.Instance));
        Assert.Contains($"cannot use {impossible} as the prefix ({blocker} is a file, not a directory)", e.Message, StringComparison.Ordinal);
        Assert.Contains("--tmp-prefix", e.Message, StringComparison.Ordinal);

        var logger = new ListLogger();
        using var p = AgentPrefix.Resolve(new AgentSettings { Prefix = impossible, AllowTmpPrefix = true }, _ => null, logger);
        Assert.True(p.IsTemporary);
        Assert.Single(logger.Lines);
    }

    [Fact]
    public void Failures_are_tracked_until_the_resource_succeeds()
    {
        var tracker = new FailureTracker();
        tracker.Observe(new ResourceEvent("exec", "a", ResourceEventType.Failed, false, TimeSpan.Zero, new IOException("x")));
        tracker.Observe(new ResourceEvent("file", "b", ResourceEventType.FailedPermanently, false, TimeSpan.Zero, null));
        Assert.Equal(["exec[a]", "file[b]"], tracker.Failed());
        tracker.Observe(new ResourceEvent("exec", "a", ResourceEventType.Changed, false, TimeSpan.Zero, null));
        Assert.Equal(["file[b]"], tracker.Failed());
    }

    [Fact]
    public void Log_lines_are_time_level_category_message()
    {
        var output = new StringWriter();
        using var loggers = new LineLoggerFactory(output, LogLevel.Information);
        var logger = loggers.CreateLogger("file[/tmp/x]");
        logger.LogInformation("changed");
        logger.LogDebug("hidden");
        logger.LogError(new IOException("disk full"), "write failed");
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^\d\d:\d\d:\d\d\.\d\d\d info file\[/tmp/x\]: changed$", lines[0]);
        Assert.Matches(@"^\d\d:\d\d:\d\d\.\d\d\d error file\[/tmp/x\]: write failed: disk full$", lines[1]);
    }

    [Fact]
    public void Debug_level_shows_debug_lines_and_stack_traces()
    {
        var output = new StringWriter();
        using var loggers = new LineLoggerFactory(output, LogLevel.Debug);
        var logger = loggers.CreateLogger("c");
        logger.LogDebug("details");
        try
        {
            throw new InvalidOperationException("bug");
        }
        catch (InvalidOperationException e)
        {
            logger.LogError(e, "failed");
        }
        Assert.Contains(" debug c: details", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("   at ", output.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add($"{logLevel} {formatter(state, exception)}");
    }
}
