using System.ComponentModel;
using System.Diagnostics;
using System.IO.Pipes;
using Mgmt.Platform.Files;
using Mgmt.Platform.Users;

namespace Mgmt.Platform.Processes;

/// <summary>
/// A command started from a <see cref="ProcessSpec"/>: it runs in a new process group (through <c>setsid</c>)
/// so that every signal reaches the command and everything it started, with stdin closed, the given
/// environment only, and optionally another user and group (through <c>setpriv</c>, which needs root).
/// </summary>
public sealed class RunningProcess : IDisposable
{
    private static readonly string? SetsidPath = FirstExisting("/usr/bin/setsid", "/bin/setsid");
    private static readonly string? SetprivPath = FirstExisting("/usr/bin/setpriv", "/bin/setpriv");

    private readonly ProcessSpec _spec;
    private readonly Process _process;
    private readonly OutputPump _pump;
    private readonly bool _ownGroup;
    private volatile bool _timedOut;
    private volatile bool _interrupted;
    private volatile bool _cancelled;

    private RunningProcess(ProcessSpec spec, Process process, OutputPump pump, bool ownGroup, string commandLine)
    {
        _spec = spec;
        _process = process;
        _pump = pump;
        _ownGroup = ownGroup;
        CommandLine = commandLine;
    }

    /// <summary>The command as run, for logs.</summary>
    public string CommandLine { get; }

    /// <summary>The process id, which is also its process group id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts the command. Throws <see cref="ProcessStartException"/> with a user-facing reason when it cannot.</summary>
    public static RunningProcess Start(ProcessSpec spec)
    {
        var (program, args) = Processes.CommandLine.Build(spec);
        var shown = Processes.CommandLine.Render(program, args);
        if (!string.IsNullOrEmpty(spec.WorkingDirectory) && Posix.TryStat(spec.WorkingDirectory) is not { IsDirectory: true })
        {
            throw new ProcessStartException($"{spec.Name}: the working directory '{spec.WorkingDirectory}' does not exist or is not a directory");
        }

        var argv = new List<string>();
        if (SetsidPath is not null) argv.Add(SetsidPath);
        argv.AddRange(CredentialArguments(spec));
        argv.Add(program);
        argv.AddRange(args);

        var start = new ProcessStartInfo(argv[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = spec.WorkingDirectory ?? "",
        };
        foreach (var a in argv.Skip(1)) start.ArgumentList.Add(a);
        start.Environment.Clear();
        if (spec.Environment is not null)
        {
            foreach (var (key, value) in spec.Environment.OrderBy(kv => kv.Key, StringComparer.Ordinal)) start.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ProcessStartException($"{spec.Name}: could not start {shown}");
        }
        catch (Win32Exception e)
        {
            throw new ProcessStartException($"{spec.Name}: could not start {shown}: {e.Message}", e);
        }
        process.StandardInput.Close();
        var pump = new OutputPump(
            ((PipeStream)process.StandardOutput.BaseStream).SafePipeHandle,
            ((PipeStream)process.StandardError.BaseStream).SafePipeHandle,
            spec.Capture,
            spec.OnLine);
        return new RunningProcess(spec, process, pump, SetsidPath is not null, shown);
    }

    /// <summary>
    /// Waits for the command to end and returns its result. Cancelling <paramref name="cancel"/> sends the
    /// spec's cancel signal to the process group, then SIGKILL after the grace period, and throws
    /// <see cref="OperationCanceledException"/> once the command is gone. Never blocks a thread.
    /// </summary>
    public async Task<ProcessResult> WaitAsync(CancellationToken cancel)
    {
        using var timeout = _spec.Timeout is { } t ? new CancellationTokenSource(t, _spec.Time) : null;
        // Each outcome is recorded only when the signal really reached a live command: one that had already
        // finished on its own did its work and must be reported as such.
        using var onTimeout = timeout?.Token.Register(() => _timedOut |= SignalGroup(Signals.Kill));
        using var onCancel = cancel.Register(() =>
        {
            if (!SignalGroup(_spec.CancelSignal)) return;
            _cancelled = true;
            _ = KillAfterGraceAsync();
        });

        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        _pump.Stop();
        await _pump.Completion.ConfigureAwait(false);

        if (_cancelled && !_interrupted) throw new OperationCanceledException($"{_spec.Name} was cancelled", cancel);
        var outcome = _interrupted ? ProcessOutcome.Interrupted : _timedOut ? ProcessOutcome.TimedOut : ProcessOutcome.Exited;
        return new ProcessResult(outcome, _process.ExitCode, _pump.Output, _pump.Stdout, _pump.Stderr, _pump.WroteStdout, _pump.WroteStderr, CommandLine);
    }

    /// <summary>Kills the whole process group at once (SIGKILL); the result reports an interruption.</summary>
    public void Interrupt() => _interrupted |= SignalGroup(Signals.Kill);

    /// <summary>
    /// Sends a signal to the whole process group, unless the command has already been reaped; true when it was
    /// sent.
    /// </summary>
    public bool SignalGroup(int signal)
    {
        try
        {
            if (_process.HasExited) return false;
            return Posix.Kill(_ownGroup ? -_process.Id : _process.Id, signal);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            return false; // already gone
        }
    }

    public void Dispose() => _process.Dispose();

    private async Task KillAfterGraceAsync()
    {
        var group = _ownGroup ? -ProcessId : 0;
        await Task.Delay(_spec.CancelGrace, _spec.Time).ConfigureAwait(false);
        if (group == 0)
        {
            SignalGroup(Signals.Kill);
            return;
        }
        // The whole group, even when the command itself has ended: a child it started may have missed the cancel
        // signal (a shell's background job that was between fork and exec when it came) and must not outlive it.
        // The group's id stays reserved while any member lives, so this reaches only the command's own processes.
        try
        {
            Posix.Kill(group, Signals.Kill);
        }
        catch (Native.PosixException)
        {
            // Best effort, as the signals of the cancellation itself are.
        }
    }

    private static IEnumerable<string> CredentialArguments(ProcessSpec spec)
    {
        if (string.IsNullOrEmpty(spec.User) && string.IsNullOrEmpty(spec.Group)) return [];
        if (SetprivPath is null)
        {
            throw new ProcessStartException($"{spec.Name}: running as another user or group needs the setpriv program (package util-linux)");
        }
        try
        {
            var args = new List<string> { SetprivPath };
            if (!string.IsNullOrEmpty(spec.User))
            {
                var uid = Accounts.ResolveUserId(spec.User);
                var account = Accounts.FindUser(uid);
                var gid = !string.IsNullOrEmpty(spec.Group) ? Accounts.ResolveGroupId(spec.Group) : account?.Gid ?? uid;
                args.Add($"--reuid={uid}");
                args.Add($"--regid={gid}");
                // Supplementary groups come from the user's account; a bare uid has none.
                args.Add(account is null ? "--clear-groups" : "--init-groups");
            }
            else
            {
                args.Add($"--regid={Accounts.ResolveGroupId(spec.Group!)}");
                args.Add("--clear-groups");
            }
            args.Add("--");
            return args;
        }
        catch (UnknownAccountException e)
        {
            throw new ProcessStartException($"{spec.Name}: {e.Message}", e);
        }
    }

    private static string? FirstExisting(params string[] paths) =>
        paths.FirstOrDefault(p => Posix.TryStat(p) is { IsRegular: true });
}
