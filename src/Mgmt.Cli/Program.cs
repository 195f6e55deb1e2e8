using Mgmt.Platform.Processes;

namespace Mgmt.Cli;

internal static class Program
{
    private static Task<int> Main(string[] args)
    {
        // Before anything registers a handler: an agent started with SIGINT ignored must still stop on it.
        InheritedSignals.RestoreInterrupt();
        return CliApp.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable);
    }
}
