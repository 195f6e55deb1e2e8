using System.Text;

namespace Mgmt.Lang.Diagnostics;

/// <summary>
/// Renders a <see cref="LangException"/> for people: the error line, then the source line(s) with the main
/// span underlined. The layout is the reference's highlight format:
/// <code>
/// message: /main.mcl @ 3:6-3:10
///
///     $x = $yy + 1
///          ^^^
/// </code>
/// The caret line repeats the source line's leading whitespace (tabs stay tabs) so carets line up in any tab
/// width. A span over several lines shows its first line with <c>^ from here ...</c> and its last line with
/// <c>^ ... to here</c>.
/// </summary>
public static class ErrorRenderer
{
    /// <summary>The rendering, reading sources through <paramref name="readSource"/> (by file path, null if unknown).</summary>
    public static string Render(LangException error, Func<string, string?> readSource)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(readSource);
        var span = error.Span;
        var text = span.IsNone ? null : readSource(span.File);
        return text is null ? error + "\n" : Render(error, text);
    }

    /// <summary>The rendering, with <paramref name="source"/> the text of the file the main span is in.</summary>
    public static string Render(LangException error, string source)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(source);
        var head = error + "\n";
        var span = error.Span;
        if (span.IsNone) return head;
        var snippet = Highlight(span, source);
        return snippet is null ? head : head + "\n" + snippet;
    }

    /// <summary>The source lines of <paramref name="span"/> with carets, each line ending in <c>\n</c>; null if the span is outside the text.</summary>
    public static string? Highlight(SourceSpan span, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var lines = source.Split('\n');
        if (span.IsNone || span.StartLine > lines.Length || span.EndLine > lines.Length || span.EndLine < span.StartLine) return null;
        var first = lines[span.StartLine - 1];
        var sb = new StringBuilder();
        if (span.StartLine == span.EndLine)
        {
            var width = Math.Max(1, span.EndColumn - span.StartColumn);
            sb.Append(first).Append('\n');
            sb.Append(Pad(first, span.StartColumn - 1)).Append('^', width).Append('\n');
            return sb.ToString();
        }
        var last = lines[span.EndLine - 1];
        sb.Append(first).Append('\n');
        sb.Append(Pad(first, span.StartColumn - 1)).Append("^ from here ...\n");
        sb.Append(last).Append('\n');
        sb.Append(Pad(last, span.EndColumn - 2)).Append("^ ... to here\n");
        return sb.ToString();
    }

    /// <summary>
    /// Whitespace that reaches column <paramref name="column"/> (0-based) of <paramref name="line"/>: the
    /// line's own indentation, then one space per remaining column.
    /// </summary>
    private static string Pad(string line, int column)
    {
        column = Math.Max(0, column);
        var indent = 0;
        while (indent < line.Length && line[indent] is ' ' or '\t') indent++;
        return column <= indent ? line[..column] : line[..indent] + new string(' ', column - indent);
    }
}
