namespace Mgmt.Cli.CommandLine;

/// <summary>
/// The command line is wrong (unknown flag, bad value, missing argument). The message says what is wrong and
/// what to do; the process exits with <see cref="ExitCodes.BadInput"/> and no stack trace.
/// </summary>
public sealed class UsageException(string message, Command? command = null) : Exception(message)
{
    /// <summary>The command whose help the user should read, when known.</summary>
    public Command? Command { get; } = command;
}
