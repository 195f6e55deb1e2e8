using System.Text;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Files;

namespace Mgmt.Cli.FrontEnds.Lang;

/// <summary>
/// Turns an mcl error into what the user sees: the phase and the message with every position as
/// <c>file @ L:C-L:C</c> (the file as the user named it), then the source line with a caret underline:
/// <code>
/// unify: ...: examples/mcl/main.mcl @ 3:6-3:14
///
///     $x = 1 + "a"
///          ^^^^^^^
/// </code>
/// </summary>
internal static class LangErrorText
{
    /// <summary>Indentation of the source lines under the message, so they stand out from log lines.</summary>
    private const string Indent = "    ";

    public static SourceDiagnostic Diagnose(LangException error, LangInput input)
    {
        var head = new StringBuilder().Append(error.Phase.Display()).Append(": ").Append(error.Message);
        if (error.Spans.Count > 0)
        {
            head.Append(": ").AppendJoin(", ", error.Spans.Select(s => $"{input.Display(s.File)} @ {s.StartLine}:{s.StartColumn}-{s.EndLine}:{s.EndColumn}"));
        }
        var span = error.Span;
        var rendered = head.ToString();
        if (!span.IsNone && ReadSource(input.Files, span.File) is { } source && ErrorRenderer.Highlight(span, source) is { } snippet)
        {
            var lines = snippet.TrimEnd('\n').Split('\n').Select(l => Indent + l);
            rendered += "\n\n" + string.Join('\n', lines);
        }
        var file = span.IsNone ? input.Description : input.Display(span.File);
        return new SourceDiagnostic(file, span.StartLine, span.StartColumn, $"{error.Phase.Display()}: {error.Message}") { Rendered = rendered };
    }

    // The source may have changed or gone since it was compiled; the message alone is still worth showing.
    private static string? ReadSource(ISourceFiles files, string path)
    {
        try
        {
            return files.FileExists(path) ? files.ReadText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
