namespace Mgmt.Platform.Packages;

/// <summary>What apt knows of one package (a section of <c>apt-cache policy NAME</c>).</summary>
/// <param name="Name">The name as asked.</param>
/// <param name="Installed">The installed version, or null.</param>
/// <param name="Candidate">The version apt would install now, or null when none can be installed (a purely
/// virtual package, or one only dpkg still knows).</param>
/// <param name="Versions">Every version apt knows, newest first, with where each comes from.</param>
public sealed record AptPackagePolicy(string Name, string? Installed, string? Candidate, IReadOnlyList<AptVersionEntry> Versions)
{
    /// <summary>The entry of one version, or null when no configured source has it.</summary>
    public AptVersionEntry? Find(string version) => Versions.FirstOrDefault(v => v.Version == version);
}

/// <summary>One version of a package and the package lists it comes from.</summary>
public sealed record AptVersionEntry(string Version, bool IsInstalled, IReadOnlyList<AptVersionSource> Sources)
{
    /// <summary>True when some configured repository offers it (not only dpkg's status file).</summary>
    public bool IsDownloadable => Sources.Any(s => !s.IsDpkgStatus);
}

/// <summary>A package list a version comes from: its pin priority and its location as apt prints it.</summary>
/// <param name="Priority">The pin priority apt gives the list (500 for a normal repository, 100 for dpkg's status).</param>
/// <param name="Location">Such as <c>http://deb.debian.org/debian bookworm/main amd64 Packages</c>, or
/// <c>/var/lib/dpkg/status</c> for what is only installed.</param>
public sealed record AptVersionSource(int Priority, string Location)
{
    public bool IsDpkgStatus => Location.EndsWith("/dpkg/status", StringComparison.Ordinal);

    /// <summary>The archive component (<c>main</c>, <c>contrib</c>, <c>non-free</c>...) from the location, or empty.</summary>
    public string Component
    {
        get
        {
            // "URI suite/component arch Packages": the component follows the suite's slash.
            var words = Location.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2) return "";
            var slash = words[1].LastIndexOf('/');
            return slash < 0 ? "" : words[1][(slash + 1)..];
        }
    }
}

/// <summary>The release a package list belongs to (from the "Package files" part of <c>apt-cache policy</c>).</summary>
/// <param name="Origin">The vendor (<c>o=</c>), such as <c>Debian</c>; empty for a list without a Release file.</param>
/// <param name="Label">The label (<c>l=</c>).</param>
/// <param name="Archive">The archive or suite (<c>a=</c>), such as <c>stable</c>.</param>
/// <param name="Component">The component (<c>c=</c>).</param>
public sealed record AptRelease(string Origin, string Label, string Archive, string Component);

/// <summary>Reads the English output of <c>apt-cache policy</c> (run with <c>LC_ALL=C</c>).</summary>
public static class AptPolicyParser
{
    /// <summary>
    /// The package sections of <c>apt-cache policy NAME...</c>, by name. apt prints nothing for a name it does not
    /// know at all, so such names are missing from the result.
    /// </summary>
    public static Dictionary<string, AptPackagePolicy> ParsePackages(string output)
    {
        var result = new Dictionary<string, AptPackagePolicy>(StringComparer.Ordinal);
        string? name = null, installed = null, candidate = null;
        var versions = new List<AptVersionEntry>();
        List<AptVersionSource>? sources = null;
        string? version = null;
        var versionInstalled = false;

        void EndVersion()
        {
            if (version is not null) versions.Add(new AptVersionEntry(version, versionInstalled, sources ?? []));
            version = null;
            sources = null;
        }
        void EndPackage()
        {
            EndVersion();
            if (name is not null) result[name] = new AptPackagePolicy(name, installed, candidate, versions);
            name = installed = candidate = null;
            versions = [];
        }

        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0) continue;
            var indent = line.Length - line.TrimStart(' ').Length;
            var text = line.Trim();
            if (indent == 0)
            {
                EndPackage();
                if (text.EndsWith(':')) name = text[..^1];
                continue;
            }
            if (name is null) continue;
            if (text.StartsWith("Installed:", StringComparison.Ordinal)) installed = VersionOrNull(text["Installed:".Length..]);
            else if (text.StartsWith("Candidate:", StringComparison.Ordinal)) candidate = VersionOrNull(text["Candidate:".Length..]);
            else if (text.StartsWith("Version table:", StringComparison.Ordinal)) continue;
            else if (text.StartsWith("***", StringComparison.Ordinal) || indent is > 2 and < 8)
            {
                EndVersion();
                versionInstalled = text.StartsWith("***", StringComparison.Ordinal);
                var words = text.TrimStart('*', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries);
                version = words.FirstOrDefault();
                sources = [];
            }
            else if (indent >= 8 && version is not null)
            {
                var space = text.IndexOf(' ');
                if (space > 0 && int.TryParse(text.AsSpan(0, space), out var priority))
                {
                    sources!.Add(new AptVersionSource(priority, text[(space + 1)..].Trim()));
                }
            }
        }
        EndPackage();
        return result;
    }

    /// <summary>The "Package files" part of a bare <c>apt-cache policy</c>: each list's location and its release.</summary>
    public static Dictionary<string, AptRelease> ParseReleases(string output)
    {
        var result = new Dictionary<string, AptRelease>(StringComparer.Ordinal);
        string? location = null;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var text = line.Trim();
            if (line.Length > 0 && line[0] != ' ')
            {
                location = null;
                continue;
            }
            var space = text.IndexOf(' ');
            if (space > 0 && int.TryParse(text.AsSpan(0, space), out _))
            {
                location = text[(space + 1)..].Trim();
                result[location] = new AptRelease("", "", "", "");
            }
            else if (location is not null && text.StartsWith("release ", StringComparison.Ordinal))
            {
                var fields = text["release ".Length..].Split(',')
                    .Select(f => f.Split('=', 2))
                    .Where(kv => kv.Length == 2)
                    .GroupBy(kv => kv[0])
                    .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
                result[location] = new AptRelease(
                    fields.GetValueOrDefault("o", ""), fields.GetValueOrDefault("l", ""),
                    fields.GetValueOrDefault("a", ""), fields.GetValueOrDefault("c", ""));
            }
        }
        return result;
    }

    private static string? VersionOrNull(string text)
    {
        var value = text.Trim();
        return value.Length == 0 || value == "(none)" ? null : value;
    }
}
