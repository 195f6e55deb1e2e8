using Mgmt.Platform.Packages;

namespace Mgmt.Resources;

// allownonfree and allowunsupported: where a version to be installed comes from. A version is acceptable when at
// least one repository that offers it passes both rules.
public sealed partial class PkgResource
{
    // Components whose packages are not free software, in Debian and Ubuntu.
    private static readonly HashSet<string> NonFreeComponents = new(StringComparer.Ordinal) { "non-free", "non-free-firmware", "restricted", "multiverse" };

    /// <summary>The members whose target version no allowed repository offers, each with the reason.</summary>
    private async Task<Dictionary<PkgResource, string>> CheckSourcesAsync(List<(PkgResource Member, AptVersionEntry Target)> targets, CancellationToken cancel)
    {
        var refused = new Dictionary<PkgResource, string>(ReferenceEqualityComparer.Instance);
        var strict = targets.Where(t => !t.Member.AllowNonFree || !t.Member.AllowUnsupported).ToList();
        if (strict.Count == 0) return refused;
        var releases = await _apt!.ReleasesAsync(cancel).ConfigureAwait(false);
        var vendor = DistributionVendor();
        foreach (var (member, target) in strict)
        {
            var sources = target.Sources.Where(s => !s.IsDpkgStatus).ToList();
            bool Free(AptVersionSource s) => !NonFreeComponents.Contains(Component(s));
            bool Supported(AptVersionSource s) =>
                vendor.Length > 0 && Component(s) == "main" &&
                string.Equals(releases.GetValueOrDefault(s.Location)?.Origin, vendor, StringComparison.OrdinalIgnoreCase);
            string Component(AptVersionSource s) => releases.GetValueOrDefault(s.Location) is { Component.Length: > 0 } r ? r.Component : s.Component;

            if (sources.Any(s => (member.AllowNonFree || Free(s)) && (member.AllowUnsupported || Supported(s)))) continue;
            var needed = new List<string>();
            if (!member.AllowNonFree && !sources.Any(Free)) needed.Add("allownonfree => true");
            if (!member.AllowUnsupported && !sources.Any(Supported)) needed.Add("allowunsupported => true");
            if (needed.Count == 0) needed.Add("allownonfree => true or allowunsupported => true");
            var where = string.Join(", ", sources.Select(s => s.Location).Distinct());
            refused[member] =
                $"package '{member.Name}' version {target.Version} comes only from {where}, which the resource does not allow; set {string.Join(" and ", needed)}";
        }
        return refused;
    }

    /// <summary>The distribution's vendor name as apt's release files spell it (Debian, Ubuntu), from os-release.</summary>
    private static string DistributionVendor()
    {
        try
        {
            foreach (var line in File.ReadLines("/etc/os-release"))
            {
                if (line.StartsWith("ID=", StringComparison.Ordinal)) return line[3..].Trim('"', '\'', ' ');
            }
        }
        catch (IOException)
        {
        }
        return "";
    }
}
