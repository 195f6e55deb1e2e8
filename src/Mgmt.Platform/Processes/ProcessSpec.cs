namespace Mgmt.Platform.Processes;

/// <summary>What to run and how. The command runs in its own process group, with stdin closed.</summary>
public sealed record ProcessSpec
{
    /// <summary>What this command is called in messages (<c>cmd</c>, <c>ifcmd</c>, <c>watchcmd</c>...).</summary>
    public string Name { get; init; } = "cmd";

    /// <summary>
    /// The command. Without <see cref="Shell"/> it is split on white space into a program and its arguments
    /// (no quoting is understood); with a shell it is passed to <c>Shell -c</c> as is.
    /// </summary>
    public required string Command { get; init; }

    /// <summary>Arguments for the program, used instead of splitting <see cref="Command"/> (which then holds only the program).</summary>
    public IReadOnlyList<string>? Args { get; init; }

    /// <summary>A shell such as <c>/bin/sh</c> to run <see cref="Command"/> with <c>-c</c>.</summary>
    public string? Shell { get; init; }

    /// <summary>The working directory; null or empty runs in this process's directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// The whole environment of the command. Null or empty means an empty environment: nothing of this
    /// process's environment is passed on. A program named without a slash is still found through this
    /// environment's PATH, or this process's PATH when it has none.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>User (name or uid) to run as; needs root. Null keeps ours.</summary>
    public string? User { get; init; }

    /// <summary>Group (name or gid) to run as; needs root. Null keeps ours (or the user's primary group).</summary>
    public string? Group { get; init; }

    /// <summary>After this long the whole process group is killed (SIGKILL) and the run reports a timeout.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The signal sent to the process group when the caller's token is cancelled.</summary>
    public int CancelSignal { get; init; } = Signals.Term;

    /// <summary>How long a cancelled command may take to exit after <see cref="CancelSignal"/> before it is killed.</summary>
    public TimeSpan CancelGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock for the timeout and the cancel grace period.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Keep stdout, stderr and their interleaving in the result (off for endless watch commands).</summary>
    public bool Capture { get; init; } = true;

    /// <summary>Called on the output thread for each non-empty line of stdout or stderr (without the newline).</summary>
    public Action<string>? OnLine { get; init; }
}
