using System.Globalization;
using System.Text.RegularExpressions;

namespace Mgmt.Cli.FrontEnds.Puppet;

/// <summary>
/// Turns Puppet's compile errors (<c>Error: ... (file: F, line: L, column: C) on node N</c>) into diagnostics at
/// their place, shown with the source line and a caret, without Puppet's repetitions and wrappers.
/// </summary>
internal static partial class PuppetErrorText
{
    private static readonly string[] Wrappers =
    [
        "Could not call 'find' on 'catalog': ",
        "Could not retrieve catalog from remote server: ",
    ];

    /// <summary>The distinct errors in Puppet's output; empty when it printed none that it marks as an error.</summary>
    public static IReadOnlyList<SourceDiagnostic> Parse(string output, string fallbackFile)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var diagnostics = new List<SourceDiagnostic>();
        foreach (var raw in output.Split('\n'))
        {
            var line = Ansi().Replace(raw, "").TrimEnd();
            if (!line.StartsWith("Error: ", StringComparison.Ordinal)) continue;
            var text = line["Error: ".Length..];
            // Facter's complaints about what it may not read, and the usage hint, are not the manifest's problems.
            if (text.StartsWith("Facter:", StringComparison.Ordinal) || text.StartsWith("Try 'puppet help", StringComparison.Ordinal)) continue;
            foreach (var wrapper in Wrappers)
            {
                if (text.StartsWith(wrapper, StringComparison.Ordinal)) text = text[wrapper.Length..];
            }
            text = OnNode().Replace(text, "");
            if (!seen.Add(text)) continue;
            diagnostics.Add(Diagnose(text, fallbackFile));
        }
        return diagnostics;
    }

    private static SourceDiagnostic Diagnose(string text, string fallbackFile)
    {
        var place = Place().Match(text);
        if (!place.Success) return SourceDiagnostic.ForFile(fallbackFile, "Puppet: " + text);
        var message = "Puppet: " + text.Remove(place.Index, place.Length).Trim();
        var file = place.Groups["file"].Success ? place.Groups["file"].Value : fallbackFile;
        var line = place.Groups["line"].Success ? int.Parse(place.Groups["line"].Value, CultureInfo.InvariantCulture) : 0;
        var column = place.Groups["col"].Success ? int.Parse(place.Groups["col"].Value, CultureInfo.InvariantCulture) : 0;
        return new SourceDiagnostic(file, line, column, message) { Rendered = Render(file, line, column, message) };
    }

    // file:line:col: message, then the line of the manifest with a caret under the column.
    private static string? Render(string file, int line, int column, string message)
    {
        if (line <= 0) return null;
        var head = column > 0 ? $"{file}:{line}:{column}: {message}" : $"{file}:{line}: {message}";
        string source;
        try
        {
            source = File.ReadLines(file).Skip(line - 1).FirstOrDefault() ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return head;
        }
        var caret = column > 0 ? new string(' ', Math.Min(column - 1, source.Length)) + "^" : "";
        return $"{head}\n{source.Replace('\t', ' ')}\n{caret}".TrimEnd();
    }

    [GeneratedRegex(@"\s*\((?:file: (?<file>[^,)]+)(?:, line: (?<line>\d+))?(?:, column: (?<col>\d+))?|line: (?<line>\d+)(?:, column: (?<col>\d+))?)\)")]
    private static partial Regex Place();

    [GeneratedRegex(@" on node \S+$")]
    private static partial Regex OnNode();

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Ansi();
}
