namespace Mgmt.Cli.Deploys;

/// <summary>
/// How an agent treats deploys (run flags): the keys it trusts (<c>--trust</c>), whether it takes unsigned deploys
/// without a trust store (<c>--insecure-deploys</c>), and how many deploys the cluster keeps (<c>--keep</c>).
/// </summary>
public sealed record DeployPolicy(TrustStore? Trust, bool Insecure, int Keep)
{
    public const int DefaultKeep = 10;

    /// <summary>No trust store, nothing accepted: every deploy is refused with a message that says what to add.</summary>
    public static DeployPolicy Closed { get; } = new(null, false, DefaultKeep);
}
