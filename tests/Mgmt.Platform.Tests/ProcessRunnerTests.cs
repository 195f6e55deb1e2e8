using System.Collections.Concurrent;
using Mgmt.Platform.Files;
using Mgmt.Platform.Processes;

namespace Mgmt.Platform.Tests;

public sealed class ProcessRunnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<ProcessResult> Run(ProcessSpec spec, CancellationToken? cancel = null) =>
        ProcessRunner.RunAsync(spec, cancel ?? Ct);

    [Fact]
    public async Task CapturesStdoutStderrAndTheirOrder()
    {
        var r = await Run(new ProcessSpec { Command = "echo out1; echo err1 >&2; echo out2", Shell = "/bin/sh" });
        Assert.True(r.Succeeded);
        Assert.Equal("out1\nout2\n", r.Stdout);
        Assert.Equal("err1\n", r.Stderr);
        // Both pipes end up in the combined output; each pipe keeps its own order.
        var combined = r.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["err1", "out1", "out2"], combined.Order().ToArray());
        Assert.True(Array.IndexOf(combined, "out1") < Array.IndexOf(combined, "out2"));
        Assert.True(r.WroteStdout);
        Assert.True(r.WroteStderr);
    }

    [Fact]
    public async Task CommandsWithoutShellAreSplitOnWhiteSpaceAndFoundInPath()
    {
        var r = await Run(new ProcessSpec { Command = "echo  hello   world" });
        Assert.Equal("hello world\n", r.Stdout);
        var withArgs = await Run(new ProcessSpec { Command = "echo", Args = ["two  spaces", "'quoted'"] });
        Assert.Equal("two  spaces 'quoted'\n", withArgs.Stdout);
        Assert.False(withArgs.WroteStderr);
    }

    [Fact]
    public async Task NonZeroExitIsReportedWithTheTailOfStderr()
    {
        var r = await Run(new ProcessSpec { Command = "echo a >&2; echo b >&2; exit 3", Shell = "/bin/sh" });
        Assert.False(r.Succeeded);
        Assert.Equal(ProcessOutcome.Exited, r.Outcome);
        Assert.Equal(3, r.ExitCode);
        Assert.Equal("a\nb", r.Tail());
    }

    [Fact]
    public async Task TheEnvironmentIsEmptyUnlessGiven()
    {
        var empty = await Run(new ProcessSpec { Command = "env" });
        Assert.Equal("", empty.Stdout);
        var given = await Run(new ProcessSpec { Command = "env", Environment = new Dictionary<string, string> { ["B"] = "2", ["A"] = "1" } });
        Assert.Equal("A=1\nB=2\n", given.Stdout);
    }

    [Fact]
    public async Task TheWorkingDirectoryIsUsed()
    {
        using var dir = new TempDir();
        var r = await Run(new ProcessSpec { Command = "pwd", WorkingDirectory = dir.Path });
        Assert.Equal(dir.Path + "\n", r.Stdout);
        var e = await Assert.ThrowsAsync<ProcessStartException>(() => Run(new ProcessSpec { Command = "pwd", WorkingDirectory = dir["missing"] }));
        Assert.Contains("working directory", e.Message);
    }

    [Fact]
    public async Task MissingProgramsGiveAClearError()
    {
        var e = await Assert.ThrowsAsync<ProcessStartException>(() => Run(new ProcessSpec { Command = "no-such-program-mgmt --flag" }));
        Assert.Contains("no such command in PATH", e.Message);
        e = await Assert.ThrowsAsync<ProcessStartException>(() => Run(new ProcessSpec { Command = "/no/such/program" }));
        Assert.Contains("no such file", e.Message);
        e = await Assert.ThrowsAsync<ProcessStartException>(() => Run(new ProcessSpec { Command = "   " }));
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public async Task ATimeoutKillsTheWholeProcessGroup()
    {
        using var dir = new TempDir();
        var pidFile = dir["child.pid"];
        var r = await Run(new ProcessSpec
        {
            Command = $"sleep 60 & echo $! > {pidFile}; wait",
            Shell = "/bin/sh",
            Timeout = TimeSpan.FromMilliseconds(500),
        });
        Assert.Equal(ProcessOutcome.TimedOut, r.Outcome);
        AssertGone(int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task CancellingSignalsTheGroupAndThrows()
    {
        using var dir = new TempDir();
        var pidFile = dir["child.pid"];
        var marker = dir["got-term"];
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var run = Run(new ProcessSpec
        {
            Command = $"trap 'touch {marker}; exit 0' TERM; sleep 60 & echo $! > {pidFile}; wait",
            Shell = "/bin/sh",
        }, cancel.Token);
        await WaitForFile(pidFile);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(File.Exists(marker), "the command did not get the cancel signal");
        AssertGone(int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ACommandIgnoringTheCancelSignalIsKilledAfterTheGrace()
    {
        using var dir = new TempDir();
        var ready = dir["ready"];
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var run = Run(new ProcessSpec
        {
            Command = $"trap '' TERM; touch {ready}; sleep 60",
            Shell = "/bin/sh",
            CancelGrace = TimeSpan.FromMilliseconds(300),
        }, cancel.Token);
        await WaitForFile(ready);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run).WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    [Fact]
    public async Task InterruptKillsAtOnce()
    {
        using var dir = new TempDir();
        var ready = dir["ready"];
        RunningProcess? running = null;
        var run = ProcessRunner.RunAsync(
            new ProcessSpec { Command = $"trap '' TERM; touch {ready}; sleep 60", Shell = "/bin/sh" },
            Ct,
            p => running ??= p);
        await WaitForFile(ready);
        running!.Interrupt();
        var r = await run.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(ProcessOutcome.Interrupted, r.Outcome);
    }

    [Fact]
    public async Task ABackgroundedDescendantDoesNotBlockTheResult()
    {
        using var dir = new TempDir();
        var pidFile = dir["bg.pid"];
        var r = await Run(new ProcessSpec { Command = $"echo before; sleep 30 & echo $! > {pidFile}; echo after", Shell = "/bin/sh" })
            .WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal("before\nafter\n", r.Stdout);
        Posix.Kill(int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture), Signals.Kill);
    }

    [Fact]
    public async Task LinesAreStreamedAsTheyArrive()
    {
        var lines = new ConcurrentQueue<string>();
        var r = await Run(new ProcessSpec
        {
            Command = "printf 'one\\n\\ntwo\\nthree'; echo err >&2",
            Shell = "/bin/sh",
            Capture = false,
            OnLine = lines.Enqueue,
        });
        Assert.True(r.Succeeded);
        Assert.Equal("", r.Output);
        Assert.Equal(["err", "one", "three", "two"], lines.Order().ToArray());
    }

    [Fact]
    public async Task CommandsRunAsAnotherUserAndGroup()
    {
        Assert.SkipUnless(Posix.EffectiveUid == 0, "switching users needs root");
        var r = await Run(new ProcessSpec { Command = "id -u", User = "nobody" });
        Assert.Equal("65534\n", r.Stdout);
        var g = await Run(new ProcessSpec { Command = "id -g", Group = "nogroup" });
        Assert.Equal("65534\n", g.Stdout);
        var both = await Run(new ProcessSpec { Command = "id -u -n", User = "nobody", Group = "root" });
        Assert.Equal("nobody\n", both.Stdout);
        var e = await Assert.ThrowsAsync<ProcessStartException>(() => Run(new ProcessSpec { Command = "id", User = "no-such-user-mgmt" }));
        Assert.Contains("no user named", e.Message);
    }

    [Fact]
    public void SignalNamesParseWithHelpfulSuggestions()
    {
        Assert.Equal(15, Signals.Parse("SIGTERM"));
        Assert.Equal(2, Signals.Parse("SIGINT"));
        Assert.Contains("did you mean SIGTERM", Assert.Throws<FormatException>(() => Signals.Parse("term")).Message);
        Assert.Contains("did you mean SIGHUP", Assert.Throws<FormatException>(() => Signals.Parse("sighup")).Message);
        Assert.Contains("not a signal name", Assert.Throws<FormatException>(() => Signals.Parse("SIGNOPE")).Message);
        Assert.Equal("SIGKILL", Signals.Name(9));
    }

    private static async Task WaitForFile(string path)
    {
        for (var i = 0; i < 500 && !File.Exists(path); i++) await Task.Delay(10, Ct);
        Assert.True(File.Exists(path), $"{path} never appeared");
    }

    private static void AssertGone(int pid)
    {
        // The killed child may linger a moment (a loaded machine, or a zombie until its reaper notices).
        for (var i = 0; i < 1000; i++)
        {
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat)) return;
            try
            {
                if (File.ReadAllText(stat).Split(") ")[1].StartsWith('Z')) return;
            }
            catch (IOException)
            {
                return;
            }
            Thread.Sleep(10);
        }
        Assert.Fail($"process {pid} is still running");
    }
}
