using System.Collections.Concurrent;
using System.Globalization;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Mgmt.Platform.Files;
using Mgmt.Platform.Processes;

namespace Mgmt.Resources;

// CheckApply: the guards in the reference's order (mtimes, ifcmd, nifcmd, creates), then the command, then
// donecmd. Returning false after a run tells the engine that something was done (and notifies children).
public sealed partial class ExecResource
{
    private readonly ConcurrentDictionary<RunningProcess, byte> _running = new();
    private ExecOutputs? _outputs;
    private string _stateDir = "";
    private volatile bool _interrupted;

    public override async Task InitAsync(IResourceContext context)
    {
        await base.InitAsync(context).ConfigureAwait(false);
        _stateDir = context.VarDir("exec");
        _outputs = new ExecOutputs(_stateDir);
    }

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var outputs = _outputs!;
        outputs.Load();

        var forced = MtimesForceRun();
        if (!forced && await SkippedByGuardsAsync(cancel).ConfigureAwait(false))
        {
            SendOutputs(withFallbacks: true);
            return true;
        }
        Context.Changes.Action($"run {CommandText}");
        if (!apply)
        {
            SendOutputs(withFallbacks: false);
            return false;
        }

        // Inputs changed while the command runs must still count as newer than this run.
        var started = DateTime.UtcNow;
        var result = await RunAsync("cmd", Command, Shell, Cwd, ArgList, cancel, Timeout > 0 ? TimeSpan.FromSeconds(Timeout) : null).ConfigureAwait(false);
        outputs.Output = result.WroteStdout || result.WroteStderr ? result.Output : outputs.Output;
        outputs.Stdout = result.WroteStdout ? result.Stdout : outputs.Stdout;
        outputs.Stderr = result.WroteStderr ? result.Stderr : outputs.Stderr;
        ExecLog.Ran(Context.Logger, "cmd", result.CommandLine, result.ExitCode);
        Require(result, "cmd", Timeout);

        if (DoneCmd.Length > 0)
        {
            var done = await RunAsync("donecmd", DoneCmd, DoneShell, DoneCwd, [], cancel, null).ConfigureAwait(false);
            ExecLog.Ran(Context.Logger, "donecmd", done.CommandLine, done.ExitCode);
            Require(done, "donecmd", 0);
        }
        if (MtimeList.Count > 0)
        {
            var stamp = Path.Combine(_stateDir, "mtimes");
            File.WriteAllText(stamp, started.ToString("O", CultureInfo.InvariantCulture) + "\n");
            File.SetLastWriteTimeUtc(stamp, started);
        }
        outputs.Save();
        SendOutputs(withFallbacks: false);
        return false;
    }

    /// <summary>Stops every command of this resource at once (SIGKILL to each process group) and refuses new ones.</summary>
    public void Interrupt()
    {
        _interrupted = true;
        foreach (var process in _running.Keys) process.Interrupt();
    }

    // True when a file in mtimes changed after the last successful run (or there was none yet).
    private bool MtimesForceRun()
    {
        if (MtimeList.Count == 0) return false;
        var stamp = Posix.TryStat(Path.Combine(_stateDir, "mtimes"));
        foreach (var file in MtimeList)
        {
            var status = Posix.TryStat(file) ?? throw new IOException($"mtimes: {file} does not exist");
            if (stamp is null || status.ModifiedNs > stamp.Value.ModifiedNs) return true;
        }
        return false;
    }

    private async Task<bool> SkippedByGuardsAsync(CancellationToken cancel)
    {
        if (IfCmd.Length > 0)
        {
            var r = await RunAsync("ifcmd", IfCmd, IfShell, IfCwd, [], cancel, null).ConfigureAwait(false);
            RequireFinished(r, "ifcmd");
            if (r.ExitCode != 0)
            {
                ExecLog.Skipped(Context.Logger, $"ifcmd exited with {r.ExitCode}");
                return true;
            }
            if (IfEquals is not null && IfEquals == r.Output)
            {
                ExecLog.Skipped(Context.Logger, "the output of ifcmd equals ifequals");
                return true;
            }
            if (IfEqualsStdout is not null && IfEqualsStdout == r.Stdout)
            {
                ExecLog.Skipped(Context.Logger, "the stdout of ifcmd equals ifequals_stdout");
                return true;
            }
        }
        if (NIfCmd.Length > 0)
        {
            var r = await RunAsync("nifcmd", NIfCmd, NIfShell, NIfCwd, [], cancel, null).ConfigureAwait(false);
            RequireFinished(r, "nifcmd");
            if (r.ExitCode == 0)
            {
                ExecLog.Skipped(Context.Logger, "nifcmd exited with 0");
                return true;
            }
        }
        if (Creates.Length > 0 && Posix.TryStat(Creates) is not null)
        {
            ExecLog.Skipped(Context.Logger, $"{Creates} exists");
            return true;
        }
        return false;
    }

    /// <summary>The command as a user reads it in a change report.</summary>
    private string CommandText => ArgList.Count > 0 ? $"{Command} {string.Join(' ', ArgList)}" : Command;

    private async Task<ProcessResult> RunAsync(string name, string command, string shell, string cwd, IReadOnlyList<string> args, CancellationToken cancel, TimeSpan? timeout)
    {
        if (_interrupted) throw new ExecFailedException($"the resource was interrupted, so {name} was not started", -1);
        var spec = new ProcessSpec
        {
            Name = name,
            Command = command,
            Shell = shell.Length > 0 ? shell : null,
            Args = args.Count > 0 ? args : null,
            WorkingDirectory = cwd.Length > 0 ? cwd : null,
            Environment = Env,
            User = User.Length > 0 ? User : null,
            Group = Group.Length > 0 ? Group : null,
            Timeout = timeout,
            CancelSignal = EffectiveCancelSignal.Length > 0 ? Signals.Parse(EffectiveCancelSignal) : Signals.Term,
            Time = Context.Time,
            // Each line is logged as it comes, under the resource's name: a long command shows its progress.
            OnLine = line => ExecLog.Line(Context.Logger, name, line),
        };
        cancel.ThrowIfCancellationRequested();
        using var process = RunningProcess.Start(spec);
        _running[process] = 0;
        try
        {
            // An interrupt may have come while it was starting.
            if (_interrupted) process.Interrupt();
            return await process.WaitAsync(cancel).ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(process, out _);
        }
    }

    // A guard that was killed, timed out or interrupted gave no answer: that is an error, not a "no".
    private static void RequireFinished(ProcessResult r, string name)
    {
        if (r.Outcome == ProcessOutcome.Interrupted) throw new ExecFailedException($"{name} was interrupted and killed: {r.CommandLine}", -1);
        if (r.Outcome == ProcessOutcome.TimedOut) throw new TimeoutException($"{name} did not finish in time and was killed");
    }

    private static void Require(ProcessResult r, string name, ulong timeoutSeconds)
    {
        switch (r.Outcome)
        {
            case ProcessOutcome.Interrupted:
                throw new ExecFailedException($"{name} was interrupted and killed: {r.CommandLine}", -1);
            case ProcessOutcome.TimedOut:
                throw new TimeoutException($"{name} did not finish within {timeoutSeconds} s and was killed: {r.CommandLine}");
        }
        if (r.ExitCode == 0) return;
        var tail = r.Tail();
        // A shell reports a child killed by signal N as 128+N; say so, since that is the usual reason.
        var how = r.ExitCode is > 128 and < 160
            ? $"exited with status {r.ExitCode} (what a command killed by {Signals.Name(r.ExitCode - 128)} reports)"
            : $"exited with status {r.ExitCode}";
        throw new ExecFailedException(
            tail.Length == 0 ? $"{name} {how}: {r.CommandLine}" : $"{name} {how}: {r.CommandLine}\n{tail}",
            r.ExitCode);
    }

    private void SendOutputs(bool withFallbacks)
    {
        var outputs = _outputs!;
        var values = new Dictionary<string, Value>(StringComparer.Ordinal);
        Add("output", outputs.Output, SendOutput);
        Add("stdout", outputs.Stdout, SendStdout);
        Add("stderr", outputs.Stderr, SendStderr);
        Context.Send(values);

        void Add(string key, string? value, string? fallback)
        {
            var v = value ?? (withFallbacks ? fallback : null);
            if (v is not null) values[key] = Value.Str(v);
        }
    }
}

/// <summary>A command of an exec resource failed: a non-zero exit status, or it was interrupted.</summary>
public sealed class ExecFailedException(string message, int exitCode) : Exception(message)
{
    /// <summary>The exit status, or -1 when the command was interrupted.</summary>
    public int ExitCode { get; } = exitCode;
}
