using Mgmt.Platform.Processes;

namespace Mgmt.Resources.Tests.Journal;

/// <summary>
/// A real systemd journal for tests: the host's own when one runs, otherwise a systemd-journald started here in a
/// private mount namespace (its sockets and files on throwaway tmpfs mounts, reached through /proc/PID/root), so
/// the machine's logging is not touched. <see cref="WhyNot"/> says why neither is possible.
/// </summary>
public sealed class Journald : IAsyncLifetime
{
    private const string HostSocket = "/run/systemd/journal/socket";
    private const string Daemon = "/lib/systemd/systemd-journald";
    private RunningProcess? _process;
    private int _pid;
    private string? _pidFile;

    public string? WhyNot { get; private set; }

    /// <summary>The journal's native socket.</summary>
    public string SocketPath { get; private set; } = HostSocket;

    /// <summary>What to give journalctl to read this journal (empty for the host's).</summary>
    public IReadOnlyList<string> ReadArguments { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        if (File.Exists(HostSocket)) return;
        if (!File.Exists(Daemon) || !File.Exists("/usr/bin/unshare") || !File.Exists("/usr/bin/journalctl"))
        {
            WhyNot = "no journal runs here and systemd-journald, unshare or journalctl is missing (install systemd and util-linux)";
            return;
        }
        if (Platform.Files.Posix.EffectiveUid != 0)
        {
            WhyNot = "no journal runs here, and starting one in a private mount namespace needs root";
            return;
        }
        _pidFile = Path.Combine(Path.GetTempPath(), $"mgmt-journald-{Guid.NewGuid():N}.pid");
        var script = "mount -t tmpfs tmpfs /run/systemd && mkdir -p /run/log && mount -t tmpfs tmpfs /run/log && " +
            $"if [ -d /var/log/journal ]; then mount -t tmpfs tmpfs /var/log/journal; fi && echo $$ > {_pidFile} && exec {Daemon}";
        _process = RunningProcess.Start(new ProcessSpec
        {
            Name = "journald",
            Command = "/usr/bin/unshare",
            Args = ["--mount", "--propagation", "private", "/bin/sh", "-c", script],
            Capture = false,
        });
        for (var i = 0; i < 100; i++)
        {
            if (File.Exists(_pidFile) && int.TryParse((await File.ReadAllTextAsync(_pidFile)).Trim(), out _pid) && File.Exists($"/proc/{_pid}/root{HostSocket}"))
            {
                SocketPath = $"/proc/{_pid}/root{HostSocket}";
                ReadArguments = ["--root", $"/proc/{_pid}/root"];
                return;
            }
            await Task.Delay(50);
        }
        WhyNot = "a private systemd-journald did not start";
    }

    /// <summary>The entries whose field has the value, as journalctl prints them (verbose form).</summary>
    public async Task<string> ReadAsync(string field, string value)
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec
        {
            Command = "/usr/bin/journalctl",
            Args = [.. ReadArguments, "--no-pager", "-o", "verbose", $"{field}={value}"],
        }, CancellationToken.None);
        return result.Stdout;
    }

    public async ValueTask DisposeAsync()
    {
        if (_pid > 0) Platform.Files.Posix.Kill(_pid, Signals.Term);
        if (_process is not null)
        {
            await _process.WaitAsync(CancellationToken.None);
            _process.Dispose();
        }
        if (_pidFile is not null) File.Delete(_pidFile);
    }
}
