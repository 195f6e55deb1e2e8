namespace Mgmt.Cli;

/// <summary>
/// The exit codes of <c>mgmt</c> (documented in docs/cli.md). Scripts and cron rely on them: keep them stable.
/// </summary>
public static class ExitCodes
{
    /// <summary>Success: converged (with --converged-exit), or stopped cleanly by one signal or --max-runtime.</summary>
    public const int Ok = 0;

    /// <summary>A runtime failure: a resource was still failed when mgmt stopped on its own, or mgmt itself failed.</summary>
    public const int Failure = 1;

    /// <summary>Bad input or usage: a wrong flag, an invalid graph file, a refused first graph. Nothing was changed.</summary>
    public const int BadInput = 2;

    /// <summary>--max-runtime ran out before the graph converged, while --converged-exit was asked for.</summary>
    public const int NotConverged = 3;

    /// <summary>
    /// Stopping needed a second or third signal (running work was interrupted): 128 plus the number of the
    /// first signal, as shells report a process killed by it (130 for SIGINT, 143 for SIGTERM).
    /// </summary>
    public static int Interrupted(int signalNumber) => 128 + signalNumber;
}
