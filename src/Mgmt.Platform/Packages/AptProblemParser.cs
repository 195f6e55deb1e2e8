using System.Text.RegularExpressions;

namespace Mgmt.Platform.Packages;

/// <summary>
/// Finds in apt's and dpkg's English output (<c>LC_ALL=C</c>) which packages made a transaction fail and why:
/// unknown names, missing versions, unmet dependencies, failed downloads, failed maintainer scripts, refusals
/// that need a flag. Lines it does not understand are kept as problems without a package.
/// </summary>
public static partial class AptProblemParser
{
    public static List<AptProblem> Parse(string output)
    {
        var problems = new List<AptProblem>();
        var lines = output.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("The following packages have unmet dependencies:", StringComparison.Ordinal))
            {
                i = ReadUnmetDependencies(lines, i + 1, problems) - 1;
                continue;
            }
            if (line.StartsWith("WARNING: The following packages cannot be authenticated!", StringComparison.Ordinal))
            {
                for (i++; i < lines.Length && lines[i].StartsWith("  ", StringComparison.Ordinal); i++)
                {
                    foreach (var name in lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        problems.Add(new AptProblem(name, "cannot be authenticated (its repository is not signed by a trusted key); set allowuntrusted to install it anyway"));
                    }
                }
                i--;
                continue;
            }
            if (DpkgProcessing().Match(line) is { Success: true } dpkg)
            {
                var subject = dpkg.Groups["subject"].Value;
                var package = subject.EndsWith(".deb", StringComparison.Ordinal) ? PackageOfDebFile(subject) : subject;
                var detail = i + 1 < lines.Length && lines[i + 1].StartsWith(' ') ? lines[i + 1].Trim() : "dpkg failed";
                problems.Add(new AptProblem(package, $"dpkg could not {Step(dpkg.Groups["step"].Value)} it: {detail}"));
                continue;
            }
            if (!line.StartsWith("E: ", StringComparison.Ordinal)) continue;
            var error = line[3..].Trim();
            if (UnableToLocate().Match(error) is { Success: true } unknown)
            {
                problems.Add(new AptProblem(unknown.Groups["name"].Value,
                    "no configured repository has a package of this name; check the spelling, or refresh the package lists (apt-get update)"));
            }
            else if (VersionNotFound().Match(error) is { Success: true } version)
            {
                problems.Add(new AptProblem(version.Groups["name"].Value,
                    $"version {version.Groups["version"].Value} is not offered by any configured repository"));
            }
            else if (NoCandidate().Match(error) is { Success: true } candidate)
            {
                problems.Add(new AptProblem(candidate.Groups["name"].Value,
                    "no repository offers an installable version of it (it may be virtual, obsolete, or only named by other packages)"));
            }
            else if (FailedFetch().Match(error) is { Success: true } fetch)
            {
                problems.Add(new AptProblem(PackageOfDebFile(fetch.Groups["url"].Value),
                    $"the download failed ({fetch.Groups["why"].Value.Trim()}); check the network and the repository, or run apt-get update"));
            }
            else if (error.StartsWith("Could not get lock", StringComparison.Ordinal))
            {
                problems.Add(new AptProblem(null, $"another package manager holds dpkg's lock ({error})"));
            }
            else if (error.Contains("without --allow-downgrades", StringComparison.Ordinal))
            {
                problems.Add(new AptProblem(null, "the change would downgrade a package; set allowdowngrade to allow it"));
            }
            else if (error.Contains("without --allow-unauthenticated", StringComparison.Ordinal))
            {
                if (!problems.Any(p => p.Reason.Contains("allowuntrusted", StringComparison.Ordinal)))
                {
                    problems.Add(new AptProblem(null, "some packages cannot be authenticated; set allowuntrusted to install them anyway"));
                }
            }
            else if (error.Contains("without --allow-remove-essential", StringComparison.Ordinal))
            {
                problems.Add(new AptProblem(null, "the change would remove an essential package, which mgmt never does"));
            }
            else if (IsFollowUp(error))
            {
                // Summaries of problems already reported above.
            }
            else
            {
                problems.Add(new AptProblem(null, error));
            }
        }
        return problems;
    }

    private static int ReadUnmetDependencies(string[] lines, int start, List<AptProblem> problems)
    {
        string? package = null;
        var reasons = new List<string>();
        void Flush()
        {
            if (package is not null) problems.Add(new AptProblem(package, "its dependencies cannot be met: " + string.Join("; ", reasons)));
            package = null;
            reasons.Clear();
        }
        var i = start;
        for (; i < lines.Length && lines[i].StartsWith(' '); i++)
        {
            if (UnmetHead().Match(lines[i]) is { Success: true } head)
            {
                Flush();
                package = head.Groups["name"].Value;
                reasons.Add(head.Groups["what"].Value.Trim());
            }
            else if (package is not null && reasons.Count > 0)
            {
                var text = lines[i].Trim();
                // An alternative ("or ...") continues the previous dependency; anything else is one more.
                if (text.StartsWith("or ", StringComparison.Ordinal) || !text.Contains(':', StringComparison.Ordinal)) reasons[^1] += " " + text;
                else reasons.Add(text);
            }
        }
        Flush();
        return i;
    }

    private static bool IsFollowUp(string error) =>
        error.StartsWith("Unable to correct problems", StringComparison.Ordinal) ||
        error.StartsWith("Error, pkgProblemResolver", StringComparison.Ordinal) ||
        error.StartsWith("Sub-process /usr/bin/dpkg returned an error", StringComparison.Ordinal) ||
        error.StartsWith("Unable to fetch some archives", StringComparison.Ordinal) ||
        error.StartsWith("Some packages could not be", StringComparison.Ordinal);

    private static string Step(string flag) => flag switch
    {
        "--configure" => "configure",
        "--unpack" => "unpack",
        "--remove" => "remove",
        "--purge" => "purge",
        _ => "process",
    };

    /// <summary><c>.../pool/main/h/hello/hello_2.10-3_amd64.deb</c> names the package <c>hello</c>.</summary>
    private static string PackageOfDebFile(string path)
    {
        var file = path[(path.LastIndexOf('/') + 1)..];
        var underscore = file.IndexOf('_');
        return Uri.UnescapeDataString(underscore > 0 ? file[..underscore] : file);
    }

    [GeneratedRegex(@"^Unable to locate package (?<name>\S+)")]
    private static partial Regex UnableToLocate();

    [GeneratedRegex(@"^Version '(?<version>[^']*)' for '(?<name>[^']*)' was not found")]
    private static partial Regex VersionNotFound();

    [GeneratedRegex(@"^Package '(?<name>[^']*)' has no installation candidate")]
    private static partial Regex NoCandidate();

    [GeneratedRegex(@"^Failed to fetch (?<url>\S+)(?<why>.*)$")]
    private static partial Regex FailedFetch();

    [GeneratedRegex(@"^dpkg: error processing (?:package|archive) (?<subject>\S+) \((?<step>--[a-z-]+)\):")]
    private static partial Regex DpkgProcessing();

    [GeneratedRegex(@"^ (?<name>[^ :]+(?::[a-z0-9-]+)?) : (?<what>.+)$")]
    private static partial Regex UnmetHead();
}
