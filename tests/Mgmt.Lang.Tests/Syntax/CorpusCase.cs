using System.Text.RegularExpressions;
using Mgmt.Conformance;

namespace Mgmt.Lang.Tests.Syntax;

/// <summary>One conformance archive, reduced to what the syntax stages need: the entry file and the expectation.</summary>
internal sealed partial class CorpusCase
{
    public required string Name { get; init; }
    public required string EntryPath { get; init; }
    public required string EntryText { get; init; }

    /// <summary>Every <c>.mcl</c> member by its absolute path (<c>/main.mcl</c>, <c>/mod1/main.mcl</c>).</summary>
    public required IReadOnlyDictionary<string, string> Sources { get; init; }

    /// <summary>The expected error category (<c>errLexParse</c>...), or null when a graph is expected.</summary>
    public string? Category { get; init; }

    /// <summary>The <c>/file @ L:C-L:C</c> bylines the expected error lines end with.</summary>
    public required IReadOnlyList<string> ExpectedPositions { get; init; }

    /// <summary>The directory holding the suites: $MCL_CONFORMANCE_DIR, or ../shared/mcl-conformance/cases next to the repository.</summary>
    public static string? FindCasesDirectory()
    {
        var fromEnv = Environment.GetEnvironmentVariable("MCL_CONFORMANCE_DIR");
        if (!string.IsNullOrEmpty(fromEnv)) return Directory.Exists(fromEnv) ? fromEnv : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "mgmt.slnx")))
            {
                var cases = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "mcl-conformance", "cases"));
                return Directory.Exists(cases) ? cases : null;
            }
        }
        return null;
    }

    public static List<CorpusCase> LoadAll(string casesDirectory)
    {
        var result = new List<CorpusCase>();
        foreach (var suite in Directory.GetDirectories(casesDirectory).OrderBy(d => d, StringComparer.Ordinal))
        {
            foreach (var file in Directory.GetFiles(suite, "*.txtar").OrderBy(f => f, StringComparer.Ordinal))
            {
                var loaded = Load(Path.GetFileName(suite) + "/" + Path.GetFileNameWithoutExtension(file), Txtar.Read(file));
                if (loaded is not null) result.Add(loaded);
            }
        }
        return result;
    }

    private static CorpusCase? Load(string name, TxtarArchive archive)
    {
        var output = archive.Find("OUTPUT");
        if (output is null) return null;
        var entry = "main.mcl";
        if (archive.Find("metadata.yaml") is { } metadata)
        {
            foreach (var line in metadata.Text.Split('\n'))
            {
                if (line.StartsWith("main:", StringComparison.Ordinal)) entry = YamlScalar(line["main:".Length..]);
            }
        }
        var entryFile = archive.Find(entry);
        if (entryFile is null) return null;

        string? category = null;
        var positions = new List<string>();
        var text = output.Text;
        if (text.StartsWith("# err: ", StringComparison.Ordinal))
        {
            category = text["# err: ".Length..].Split(':')[0];
            foreach (var line in text.Split('\n'))
            {
                var matches = BylinePattern().Matches(line);
                if (matches.Count > 0) positions.Add(matches[^1].Value);
            }
        }
        var sources = archive.Files.Where(f => f.Name.EndsWith(".mcl", StringComparison.Ordinal))
            .ToDictionary(f => "/" + f.Name, f => f.Text, StringComparer.Ordinal);
        return new CorpusCase
        {
            Name = name, EntryPath = "/" + entry, EntryText = entryFile.Text, Sources = sources, Category = category,
            ExpectedPositions = positions,
        };
    }

    /// <summary>A one-line YAML scalar: quoted, or plain up to a comment.</summary>
    private static string YamlScalar(string value)
    {
        value = value.Trim();
        if (value.StartsWith('"')) return value[1..value.IndexOf('"', 1)];
        var comment = value.IndexOf(" #", StringComparison.Ordinal);
        return (comment >= 0 ? value[..comment] : value).Trim();
    }

    /// <summary>The last <c>/file @ L:C-L:C</c> of an error string.</summary>
    public static string? LastByline(string error)
    {
        var matches = BylinePattern().Matches(error);
        return matches.Count > 0 ? matches[^1].Value : null;
    }

    [GeneratedRegex(@"/[^\s:]+ @ \d+:\d+-\d+:\d+")]
    private static partial Regex BylinePattern();
}
