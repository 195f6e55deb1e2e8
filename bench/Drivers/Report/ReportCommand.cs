using System.Text;
using Mgmt.Platform.Files;

namespace Mgmt.Bench;

/// <summary>
/// `mgmt-bench report`: merges the result blocks of a run (files in --results) with those already recorded in
/// --doc (a scenario not rerun keeps its last section) and rewrites the document atomically.
/// </summary>
internal static class ReportCommand
{
    public static int Run(Options options)
    {
        var doc = Path.GetFullPath(options.Text("doc"));
        var results = options.Text("results");
        var byId = new Dictionary<string, ResultBlock>(StringComparer.Ordinal);
        if (File.Exists(doc))
        {
            foreach (var block in ResultBlock.ParseAll(File.ReadAllText(doc))) byId[block.Id] = block;
        }
        var fresh = 0;
        foreach (var file in Directory.EnumerateFiles(results, "*.txt").Order(StringComparer.Ordinal))
        {
            foreach (var block in ResultBlock.ParseAll(File.ReadAllText(file)))
            {
                byId[block.Id] = block;
                fresh++;
            }
        }
        if (fresh == 0) throw new BenchFailure($"no result block in {results}: nothing to report");
        var findingsPath = options.TextOrNull("findings");
        var findings = findingsPath is not null && File.Exists(findingsPath) ? File.ReadAllText(findingsPath) : null;
        var ordered = byId.Values.OrderBy(b => SortKey(b.Id)).ThenBy(b => b.Id, StringComparer.Ordinal).ToList();
        AtomicFile.Write(doc, Encoding.UTF8.GetBytes(ReportWriter.Render(ordered, findings)), new AtomicWriteOptions { Mode = 0b110_100_100 });
        Console.WriteLine($"report: {fresh} new result block(s), {ordered.Count} in {doc}");
        return 0;
    }

    // b1 < b2 < ... < b10, then anything else (the soak) in name order.
    private static (int, int) SortKey(string id) =>
        id.Length > 1 && id[0] == 'b' && int.TryParse(id.AsSpan(1), out var n) ? (0, n) : (1, 0);
}
