namespace Mgmt.Platform.Processes;

/// <summary>How a process run ended.</summary>
public enum ProcessOutcome
{
    /// <summary>The command exited on its own (see <see cref="ProcessResult.ExitCode"/>).</summary>
    Exited,

    /// <summary>The timeout elapsed and the process group was killed.</summary>
    TimedOut,

    /// <summary>The run was interrupted and the process group was killed.</summary>
    Interrupted,
}

/// <summary>The end of one command run, with its captured output.</summary>
public sealed record ProcessResult(
    ProcessOutcome Outcome,
    int ExitCode,
    string Output,
    string Stdout,
    string Stderr,
    bool WroteStdout,
    bool WroteStderr,
    string CommandLine)
{
    /// <summary>True when the command exited on its own with status 0.</summary>
    public bool Succeeded => Outcome == ProcessOutcome.Exited && ExitCode == 0;

    /// <summary>The last few lines of stderr (or of the combined output when stderr is empty), for error messages.</summary>
    public string Tail(int lines = 5)
    {
        var text = (Stderr.Length > 0 ? Stderr : Output).TrimEnd();
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}

/// <summary>A command could not be started at all (no such program, missing working directory, ...).</summary>
public sealed class ProcessStartException(string message, Exception? inner = null) : Exception(message, inner);
