namespace Mgmt.Cli.Deploys;

/// <summary>
/// How an agent treats deploys (run flags): the keys it trusts (<c>--trust</c>), whether it takes unsigned deploys
/// without a trust store (<c>--insecure-deploys</c>), and how far back a starting agent looks for a deploy it can run
/// (<see cref="DefaultKeep"/>: mgmt deploy keeps that many unless told otherwise).
/// </summary>
public sealed record DeployPolicy(TrustStore? Trust, bool Insecure, int Keep)
{
    public const int DefaultKeep = 10;

    /// <summary>No trust store, nothing accepted: every deploy is refused with a message that says what to add.</summary>
    public static DeployPolicy Closed { get; } = new(null, false, DefaultKeep);
}
