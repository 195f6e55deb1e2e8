using Mgmt.Platform.Processes;

namespace Mgmt.Platform.Users;

/// <summary>
/// Runs the shadow tools (<c>useradd</c>, <c>usermod</c>, <c>userdel</c>, <c>groupadd</c>, <c>groupmod</c>,
/// <c>groupdel</c>), which lock the account files and replace them atomically. A failure throws an
/// <see cref="IOException"/> carrying the tool's own explanation.
/// </summary>
public static class AccountTools
{
    private static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>
    {
        ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        ["LC_ALL"] = "C",
    };

    /// <summary>Runs one tool with its arguments and returns the command line that ran (for logs).</summary>
    public static async Task<string> RunAsync(string tool, IReadOnlyList<string> args, CancellationToken cancel)
    {
        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunAsync(new ProcessSpec { Name = tool, Command = tool, Args = args, Environment = Environment }, cancel)
                .ConfigureAwait(false);
        }
        catch (ProcessStartException e)
        {
            throw new IOException($"cannot run {tool}: {e.Message}; managing accounts needs the shadow tools (Debian package passwd)", e);
        }
        if (!result.Succeeded)
        {
            var why = result.Outcome == ProcessOutcome.Exited ? $"exit status {result.ExitCode}" : "it was stopped";
            throw new IOException($"{tool} failed ({why}): {result.Tail().Trim()}");
        }
        return result.CommandLine;
    }
}
