namespace Mgmt.Platform.Packages;

/// <summary>What a transaction should do to one package.</summary>
public enum AptChangeKind
{
    /// <summary>Install the package, or upgrade it to the candidate (or to <see cref="AptChange.Version"/>).</summary>
    Install,

    /// <summary>Remove the package (its configuration files stay, as <c>apt-get remove</c> leaves them).</summary>
    Remove,
}

/// <summary>One requested change: install (optionally an exact version) or remove a package.</summary>
public sealed record AptChange(string Package, AptChangeKind Kind, string? Version = null)
{
    /// <summary>The argument apt-get understands: <c>name</c>, <c>name=version</c> or <c>name-</c> (remove).</summary>
    public string Argument => Kind switch
    {
        AptChangeKind.Remove => Package + "-",
        _ when Version is not null => $"{Package}={Version}",
        _ => Package,
    };
}

/// <summary>One apt transaction: every change at once, with the flags that apply to all of them.</summary>
public sealed record AptRequest
{
    public required IReadOnlyList<AptChange> Changes { get; init; }

    /// <summary>Let a requested version be older than the installed one.</summary>
    public bool AllowDowngrades { get; init; }

    /// <summary>Let packages whose repository is not signed by a trusted key be installed.</summary>
    public bool AllowUnauthenticated { get; init; }
}
