namespace Mgmt.Platform.Packages;

/// <summary>One reason an apt transaction failed, tied to a package when apt's output names one.</summary>
public sealed record AptProblem(string? Package, string Reason)
{
    public override string ToString() => Package is null ? Reason : $"{Package}: {Reason}";
}

/// <summary>
/// An apt transaction failed. <see cref="Problems"/> says which packages and why, as far as apt's output tells;
/// the message lists them and ends with the last lines apt printed. The package database is left as apt and
/// dpkg leave it (a failed maintainer script leaves that package unconfigured, as dpkg reports).
/// </summary>
public sealed class AptTransactionException(string message, IReadOnlyList<AptProblem> problems, string outputTail)
    : IOException(message)
{
    public IReadOnlyList<AptProblem> Problems { get; } = problems;

    /// <summary>The last lines of apt's output, for the log.</summary>
    public string OutputTail { get; } = outputTail;
}
