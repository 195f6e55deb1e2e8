namespace Mgmt.Platform.Packages;

/// <summary>
/// One package as dpkg's status database records it (a stanza of <c>/var/lib/dpkg/status</c>): its name and
/// architecture, the version on disk, and the three words of its <c>Status:</c> field (what is wanted, an error
/// flag, and the current state).
/// </summary>
public sealed record DpkgPackage(string Name, string Architecture, string Version, string Want, string Flag, string State, bool Essential)
{
    /// <summary>
    /// True when the package is fully installed and configured (<c>installed</c>), or installed with only its
    /// triggers pending, which dpkg counts as installed too.
    /// </summary>
    public bool IsInstalled => State is "installed" or "triggers-pending" or "triggers-awaited";

    /// <summary>
    /// True when some of the package is on disk but it is not usable: an interrupted or failed unpack or
    /// configure. Installing it again repairs it.
    /// </summary>
    public bool IsBroken => State is "half-installed" or "unpacked" or "half-configured" || Flag == "reinstreq";

    /// <summary><c>name:arch</c>, the form apt and dpkg accept for a package of one architecture.</summary>
    public string QualifiedName => $"{Name}:{Architecture}";
}
