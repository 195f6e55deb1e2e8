namespace Mgmt.Cli.Deploys;

/// <summary>A deploy cannot be made, signed, verified or run; the message says why, for the user or the log.</summary>
public sealed class DeployException(string message, Exception? inner = null) : Exception(message, inner)
{
    public DeployException(string message, bool reportable) : this(message) => Reportable = reportable;

    /// <summary>False when the cluster already knows (a rollout that was aborted): nothing more to report.</summary>
    public bool Reportable { get; } = true;
}
