namespace Mgmt.Conformance;

/// <summary>The comparison rules of README §4.1.</summary>
public static class Printout
{
    public static string Normalize(Suite suite, string text)
    {
        if (suite == Suite.Func3)
        {
            var lines = text.Trim().Split('\n');
            Array.Sort(lines, StringComparer.Ordinal);
            return string.Join("\n", lines).Trim();
        }
        var trimmed = text.Trim('\n');
        if (trimmed == "# empty!") trimmed = "";
        var sorted = trimmed.Split('\n');
        Array.Sort(sorted, StringComparer.Ordinal);
        return string.Join("\n", sorted);
    }

    /// <summary>Lines missing from and extra in the actual printout, for the per-case detail.</summary>
    public static string Diff(Suite suite, string expected, string actual)
    {
        var want = Normalize(suite, expected).Split('\n').ToList();
        var got = Normalize(suite, actual).Split('\n').ToList();
        var missing = want.Where(l => !got.Remove(l)).ToList();
        want = Normalize(suite, expected).Split('\n').ToList();
        var extra = Normalize(suite, actual).Split('\n').Where(l => !want.Remove(l)).ToList();
        return $"missing [{string.Join(" | ", missing.Take(4))}{(missing.Count > 4 ? " ..." : "")}] " +
               $"extra [{string.Join(" | ", extra.Take(4))}{(extra.Count > 4 ? " ..." : "")}]";
    }
}
