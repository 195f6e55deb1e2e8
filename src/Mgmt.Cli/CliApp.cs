using Mgmt.Cli.CommandLine;
using Mgmt.Cli.Commands;

namespace Mgmt.Cli;

/// <summary>
/// The whole command line as a function: arguments, writers and environment in, exit code out. The binary's
/// Main calls it with the real console; tests call it in process.
/// </summary>
public static class CliApp
{
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter output, TextWriter error, Func<string, string?> environment, CancellationToken cancel = default)
    {
        var root = new MgmtCommand();
        Command? current = root;
        try
        {
            var parsed = CommandLineParser.Parse(root, args, environment);
            current = parsed.Command;
            if (parsed.HelpRequested)
            {
                HelpWriter.Write(parsed.Command, output);
                return ExitCodes.Ok;
            }
            return await parsed.Command.RunAsync(new CommandInvocation
            {
                Command = parsed.Command,
                Arguments = parsed.Arguments,
                Out = output,
                Error = error,
                Environment = environment,
                Cancel = cancel,
            }).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            error.WriteLine($"mgmt: error: {e.Message}");
            error.WriteLine($"Run '{(e.Command ?? current).Path} --help' for usage.");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error.WriteLine($"mgmt: internal error: {e.Message}");
            error.WriteLine("This is a bug in mgmt; please report it with the details below.");
            error.WriteLine(e.ToString());
            return ExitCodes.Failure;
        }
    }
}
