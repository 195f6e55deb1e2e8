namespace Mgmt.Cli.Tests.EndToEnd;

[Collection(nameof(EndToEndCollection))]
public sealed class SignalTests : IDisposable
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    private readonly TempDir _dir = new();

    [Fact]
    public async Task One_sigint_stops_an_idle_agent_cleanly_with_exit_0()
    {
        await using var p = MgmtProcess.Start(["run", "--tmp-prefix", "yaml", _dir.Write("g.yaml", "resources:\n  print: [{name: p, msg: up}]\n")]);
        await p.WaitForLogAsync("Msg: up");
        p.Signal(SigInt);
        Assert.Equal(0, await p.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("SIGINT: shutting down", p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_started_with_sigint_ignored_still_stops_on_sigint()
    {
        // What a shell does to a command it starts in the background without job control (`mgmt run ... &` in a script).
        await using var p = MgmtProcess.Start(["run", "--tmp-prefix", "yaml", _dir.Write("g.yaml", "resources:\n  print: [{name: p, msg: up}]\n")], sigintIgnored: true);
        await p.WaitForLogAsync("Msg: up");
        p.Signal(SigInt);
        Assert.Equal(0, await p.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("SIGINT: shutting down", p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_sigint_waits_for_a_running_check_and_the_second_cancels_it()
    {
        await using var p = MgmtProcess.Start(["run", "--tmp-prefix", "yaml", _dir.Write("g.yaml", "resources:\n  test: [{name: slow, waitforerror: true}]\n")]);
        await p.WaitForLogAsync("is running (1 resources");
        await Task.Delay(300, TestContext.Current.CancellationToken);
        p.Signal(SigInt);
        await p.WaitForLogAsync("SIGINT: shutting down");
        // The check is still running: an orderly shutdown lets it finish, and this one never finishes by itself.
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.False(p.HasExited);
        p.Signal(SigInt);
        Assert.Equal(130, await p.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("SIGINT: second step of stopping: interrupting running checks", p.Stderr, StringComparison.Ordinal);
        Assert.Contains("waitforerror is true", p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_twice_is_exit_143()
    {
        await using var p = MgmtProcess.Start(["run", "--tmp-prefix", "yaml", _dir.Write("g.yaml", "resources:\n  test: [{name: slow, waitforerror: true}]\n")]);
        await p.WaitForLogAsync("is running (1 resources");
        await Task.Delay(300, TestContext.Current.CancellationToken);
        p.Signal(SigTerm);
        await p.WaitForLogAsync("SIGTERM: shutting down");
        p.Signal(SigTerm);
        Assert.Equal(143, await p.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_second_sigint_kills_a_long_running_command()
    {
        var pidFile = _dir.File("pid");
        var yaml = $"resources:\n  exec:\n    - {{name: long, shell: /bin/sh, cmd: 'echo $$ > {pidFile}; exec sleep 60'}}\n";
        await using var p = MgmtProcess.Start(["run", "--tmp-prefix", "yaml", _dir.Write("g.yaml", yaml)]);
        Assert.True(await Examples.EventuallyAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).Trim().Length > 0, 30), p.Stderr);
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Directory.Exists($"/proc/{pid}"));

        p.Signal(SigInt);
        await p.WaitForLogAsync("SIGINT: shutting down");
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.False(p.HasExited);
        Assert.True(Directory.Exists($"/proc/{pid}"));

        p.Signal(SigInt);
        var code = await p.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(code == 130, $"exit code {code}:\n{p.Stderr}");
        Assert.True(await Examples.EventuallyAsync(() => !Directory.Exists($"/proc/{pid}") || IsZombie(pid)), $"sleep {pid} still runs");
    }

    public void Dispose() => _dir.Dispose();

    private static bool IsZombie(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Trim().StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }
}
