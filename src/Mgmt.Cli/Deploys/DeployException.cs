namespace Mgmt.Cli.Deploys;

/// <summary>A deploy cannot be made, signed, verified or run; the message says why, for the user or the log.</summary>
public sealed class DeployException(string message, Exception? inner = null) : Exception(message, inner);
