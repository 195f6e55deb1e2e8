namespace Mgmt.Cli.Agent;

/// <summary>Why the agent stops; decides the exit code.</summary>
public enum StopReason
{
    /// <summary>Everything converged and --converged-exit asked to stop.</summary>
    Converged,

    /// <summary>--max-runtime ran out.</summary>
    MaxRuntime,

    /// <summary>SIGINT or SIGTERM.</summary>
    Signal,

    /// <summary>The first graph was invalid or refused: nothing was applied.</summary>
    BadInput,

    /// <summary>The caller cancelled the run (tests, embedding).</summary>
    Cancelled,

    /// <summary>mgmt itself failed unexpectedly.</summary>
    InternalError,

    /// <summary>An <c>exit</c> resource asked the agent to stop with its code.</summary>
    ExitRequested,

    /// <summary>The front end did what it was asked and has no graph to run (<c>--only-download</c>).</summary>
    FrontEndFinished,
}
