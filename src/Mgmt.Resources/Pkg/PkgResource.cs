using System.Text.RegularExpressions;
using Mgmt.Engine.Resources;
using Mgmt.Platform.Packages;

namespace Mgmt.Resources;

/// <summary>
/// <c>pkg</c>: a Debian package, installed, removed, kept at the newest version or held at one exact version,
/// through apt and dpkg directly (no PackageKit). The name is the package name, optionally with <c>:arch</c>.
/// </summary>
/// <remarks>
/// <para>State comes from dpkg's status file, parsed once per change and shared by every pkg resource of the
/// process; apt is asked (one <c>apt-cache policy</c> for all packages at once) only when a candidate version
/// matters. Several pkg resources are grouped into one apt transaction. Before a transaction runs, apt simulates
/// it: a change that would remove packages nobody asked to remove is refused, and a refusal names the
/// package and the reason. A transaction that has started is never interrupted.</para>
/// <para>The watch follows <c>/var/lib/dpkg/status</c> (and apt's package lists for <c>newest</c> and versions)
/// through the shared inotify hub. See docs/resources/pkg.md.</para>
/// </remarks>
[ResourceKind("pkg")]
public sealed partial class PkgResource : Resource, IEdgeable, IGroupable, ICompatible
{
    public const string Installed = "installed";
    public const string Uninstalled = "uninstalled";
    public const string Newest = "newest";

    private DpkgDatabase? _dpkg;
    private AptClient? _apt;

    /// <summary><c>installed</c> (the default), <c>uninstalled</c>, <c>newest</c>, or an exact version string.</summary>
    [Param("state")]
    public string State { get; set; } = Installed;

    /// <summary>Let an exact version older than the installed one be installed.</summary>
    [Param("allowdowngrade")]
    public bool AllowDowngrade { get; set; }

    /// <summary>Let a package from a repository that is not signed by a trusted key be installed.</summary>
    [Param("allowuntrusted")]
    public bool AllowUntrusted { get; set; }

    /// <summary>Let a package that only non-free components (non-free, non-free-firmware, restricted, multiverse) offer be installed.</summary>
    [Param("allownonfree")]
    public bool AllowNonFree { get; set; }

    /// <summary>
    /// Let a package be installed from outside the distribution's own main archive (third-party or local
    /// repositories, contrib, non-free).
    /// </summary>
    [Param("allowunsupported")]
    public bool AllowUnsupported { get; set; }

    /// <summary>
    /// Which package manager to use: <c>apt</c> (apt and dpkg directly), <c>packagekit</c> (PackageKit over D-Bus), or
    /// empty to choose: apt where apt and dpkg are installed, PackageKit elsewhere.
    /// </summary>
    [Param("backend")]
    public string Backend { get; set; } = "";

    /// <summary>The backend in use.</summary>
    public string EffectiveBackend => Backend.Length > 0 ? Backend : File.Exists("/usr/bin/apt-get") && File.Exists("/var/lib/dpkg/status") ? "apt" : "packagekit";

    /// <summary>The system bus PackageKit is on; tests point it at their own.</summary>
    internal string? PackageKitAddress { get; set; }

    /// <summary>True when <see cref="State"/> is an exact version rather than one of the keywords.</summary>
    public bool IsVersionState => State is not (Installed or Uninstalled or Newest);

    public override void Validate()
    {
        if (!PackageName().IsMatch(Name))
        {
            throw new ResourceValidationException(
                $"'{Name}' is not a Debian package name: use lowercase letters, digits and + - . (at least two characters, " +
                "starting with a letter or digit), optionally followed by :arch");
        }
        if (State.Length == 0) throw new ResourceValidationException("state is empty: use installed, uninstalled, newest or a version");
        if (State is "latest" or "present" or "absent" or "removed" or "purged")
        {
            var suggestion = State is "latest" ? Newest : State is "present" ? Installed : Uninstalled;
            throw new ResourceValidationException($"state '{State}' is not known; did you mean '{suggestion}'?");
        }
        if (Backend is not ("" or "apt" or "packagekit")) throw new ResourceValidationException($"backend '{Backend}' is not one of apt, packagekit (or empty to choose)");
        if (IsVersionState && !VersionText().IsMatch(State))
        {
            throw new ResourceValidationException(
                $"state '{State}' is neither installed, uninstalled, newest nor a Debian version (such as 2.10-3 or 1:2.0~rc1-1)");
        }
    }

    public override Task InitAsync(IResourceContext context)
    {
        base.InitAsync(context);
        _dpkg = context.Services.GetService(typeof(DpkgDatabase)) as DpkgDatabase ?? new DpkgDatabase();
        _apt = context.Services.GetService(typeof(AptClient)) as AptClient ?? new AptClient(context.Logger);
        return Task.CompletedTask;
    }

    /// <summary>This resource and the ones grouped into it, which one CheckApply handles together.</summary>
    internal IEnumerable<PkgResource> Members => GroupedMembers.OfType<PkgResource>().Prepend(this);

    [GeneratedRegex(@"^[a-z0-9][a-z0-9+.-]+(:[a-z0-9-]+)?$")]
    private static partial Regex PackageName();

    [GeneratedRegex(@"^([0-9]+:)?[0-9A-Za-z][A-Za-z0-9.+~:-]*$")]
    private static partial Regex VersionText();
}
