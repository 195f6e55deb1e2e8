namespace Mgmt.Cli.CommandLine;

/// <summary>Everything a command needs to run: what was parsed, where to write, the environment.</summary>
public sealed class CommandInvocation
{
    public required Command Command { get; init; }

    /// <summary>The positional arguments given to <see cref="Command"/>.</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>Where normal output (help, version) goes.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Where logs and errors go.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Reads an environment variable (tests substitute their own).</summary>
    public required Func<string, string?> Environment { get; init; }

    /// <summary>Fires when the process is asked to stop before the command installed its own handling.</summary>
    public CancellationToken Cancel { get; init; }
}
