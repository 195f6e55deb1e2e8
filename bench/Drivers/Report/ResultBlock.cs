namespace Mgmt.Bench;

/// <summary>
/// One scenario's results as its script prints them (the format every bench/b*.sh follows, see bench/README.md):
/// <code>
/// BENCH-RESULT-BEGIN b2
/// title: N files with fixed content in one directory
/// header: measure | ours | Puppet
/// row: first run, N = 1,000 | 0.16 s | 12.1 s
/// target: first run of 10,000 files ≤ 2 s | 1.31 s | met
/// note: free text (markdown)
/// BENCH-RESULT-END
/// </code>
/// `when:`, `mode:` and `machine:` lines are added by bench/run. Other keys are kept and ignored.
/// </summary>
internal sealed record ResultBlock(string Id, IReadOnlyList<KeyValuePair<string, string>> Lines)
{
    public const string Begin = "BENCH-RESULT-BEGIN";
    public const string End = "BENCH-RESULT-END";

    public string? Value(string key) => Lines.FirstOrDefault(l => l.Key == key).Value;

    public IEnumerable<string> Values(string key) => Lines.Where(l => l.Key == key).Select(l => l.Value);

    public string Title => Value("title") ?? Id;

    /// <summary>Every block found in <paramref name="text"/>, in order; lines outside blocks are ignored.</summary>
    public static List<ResultBlock> ParseAll(string text)
    {
        var blocks = new List<ResultBlock>();
        string? id = null;
        List<KeyValuePair<string, string>>? lines = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith(Begin + " ", StringComparison.Ordinal))
            {
                id = line[(Begin.Length + 1)..].Trim();
                lines = [];
                continue;
            }
            if (lines is null) continue;
            if (line.Trim() == End)
            {
                if (id!.Length > 0) blocks.Add(new ResultBlock(id, lines));
                id = null;
                lines = null;
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && !line[..colon].Contains(' ', StringComparison.Ordinal))
            {
                lines.Add(new(line[..colon], line[(colon + 1)..].Trim()));
            }
        }
        return blocks;
    }

    /// <summary>The block in its printed form (HTML comment markers made harmless, so it can live inside one).</summary>
    public string Render()
    {
        var text = new System.Text.StringBuilder();
        text.Append(Begin).Append(' ').Append(Id).Append('\n');
        foreach (var (key, value) in Lines) text.Append(key).Append(": ").Append(value.Replace("-->", "- ->", StringComparison.Ordinal)).Append('\n');
        text.Append(End).Append('\n');
        return text.ToString();
    }

    public ResultBlock With(string key, string value) =>
        this with { Lines = [.. Lines.Where(l => l.Key != key), new(key, value)] };
}
