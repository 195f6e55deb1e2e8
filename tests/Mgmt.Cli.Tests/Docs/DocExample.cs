using System.Text.RegularExpressions;

namespace Mgmt.Cli.Tests.Docs;

/// <summary>
/// One <c>```mcl</c> or <c>```yaml</c> block of docs/, with what the page says about it. A block is a complete
/// program that <c>mgmt check</c> accepts unless the line before it says otherwise:
/// <list type="bullet">
/// <item><c>&lt;!-- example: run --&gt;</c>: also run, in a temporary directory;</item>
/// <item><c>&lt;!-- example: refused --&gt;</c>: shows a mistake on purpose, so check must refuse it;</item>
/// <item><c>&lt;!-- example: not a program: REASON --&gt;</c>: not an input of mgmt (a fragment, a metadata file).</item>
/// </list>
/// </summary>
public sealed partial record DocExample(string Page, int Line, string Language, string Text, string Marker)
{
    public bool IsProgram => !Marker.StartsWith("not a program", StringComparison.Ordinal);

    public bool MustRun => Marker == "run";

    public bool MustBeRefused => Marker == "refused";

    /// <summary>The front end that reads it: <c>lang</c> or <c>yaml</c>.</summary>
    public string FrontEnd => Language == "mcl" ? "lang" : "yaml";

    public override string ToString() => $"docs/{Page}:{Line}";

    /// <summary>Every example of every page under docs/, in page order.</summary>
    public static IReadOnlyList<DocExample> All()
    {
        var docs = DocsDirectory();
        var found = new List<DocExample>();
        foreach (var file in Directory.GetFiles(docs, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var page = Path.GetRelativePath(docs, file);
            var text = File.ReadAllText(file);
            foreach (Match m in Block().Matches(text))
            {
                var line = text.AsSpan(0, m.Index).Count('\n') + 1;
                var marker = m.Groups["marker"].Success ? m.Groups["marker"].Value.Trim() : "";
                if (marker.Length > 0 && marker != "run" && marker != "refused" && !NotAProgram().IsMatch(marker))
                {
                    throw new InvalidOperationException($"docs/{page}:{line}: unknown example marker '{marker}'");
                }
                found.Add(new DocExample(page, line, m.Groups["lang"].Value, m.Groups["body"].Value, marker));
            }
        }
        return found;
    }

    public static string DocsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs");
            if (File.Exists(Path.Combine(candidate, "language.md"))) return candidate;
        }
        throw new DirectoryNotFoundException($"docs/ not found above {AppContext.BaseDirectory}");
    }

    // The marker, when there is one, is an HTML comment on the line just before the fence.
    [GeneratedRegex(@"(?:<!-- example: (?<marker>[^\n]*?) -->\n)?^```(?<lang>mcl|yaml)\n(?<body>.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Block();

    [GeneratedRegex(@"^not a program: \S")]
    private static partial Regex NotAProgram();
}
