using System.Text;
using Mgmt.Lang.Diagnostics;

namespace Mgmt.Lang.Syntax.Formatting;

/// <summary>
/// The canonical layout of an mcl file (<c>mgmt fmt</c>). It changes only the white space between tokens, never a
/// token, a line break between tokens or a comment, so the program means exactly what it meant:
/// <list type="bullet">
/// <item>each line is indented with tabs, one per bracket (<c>{ ( [</c>) left open by the lines above; a line
/// that starts by closing brackets sits at the level of the line that opened them;</item>
/// <item>one space around binary operators, <c>=</c>, <c>=&gt;</c>, <c>-&gt;</c>, <c>?:</c> and <c>&lt;|&gt;</c>, and
/// after a comma; none inside brackets or before a comma; elsewhere a run of blanks becomes one space (or stays
/// none), except before a comment at the end of a line, whose alignment is the author's;</item>
/// <item>no trailing blanks, at most one blank line in a row, none at the start or the end, one final newline.</item>
/// </list>
/// The text inside strings (multi-line ones included) is kept byte for byte. Formatting is idempotent: formatting
/// the result again changes nothing.
/// </summary>
public static class MclFormatter
{
    /// <summary>
    /// The canonical text of <paramref name="text"/> (named <paramref name="path"/> in errors). The file must parse:
    /// a file with a syntax error throws <see cref="LangException"/> (lexparse phase) and nothing is formatted.
    /// </summary>
    public static string Format(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var file = new SourceFile(path, text);
        SyntaxPipeline.Parse(file); // refuses what does not parse, with the parser's own message
        var (tokens, comments) = Lexer.Tokenize(file);
        var items = Items(tokens, comments, new SourceText(text));
        return Layout(items);
    }

    /// <summary>A token or a comment, with its exact text and where it starts and ends.</summary>
    private sealed record Item(TokenKind? Kind, string Text, int Line, int EndLine, int Start, int End)
    {
        public bool IsComment => Kind is null;

        /// <summary>
        /// For <c>-&gt;</c>: true when it reads a struct field (<c>$s-&gt;field</c>, written tight) rather than
        /// making an edge (<c>Print["a"] -&gt; Print["b"]</c>, spaced).
        /// </summary>
        public bool IsFieldArrow { get; set; }
    }

    private static List<Item> Items(List<Token> tokens, List<SourceComment> comments, SourceText source)
    {
        var items = new List<Item>();
        foreach (var t in tokens)
        {
            if (t.Kind is TokenKind.Newline or TokenKind.EndOfFile) continue;
            var start = source.Offset(t.Line, t.Column);
            var end = source.Offset(t.EndLine, t.EndColumn);
            items.Add(new Item(t.Kind, source.Text[start..end], t.Line, t.EndLine, start, end));
        }
        foreach (var c in comments)
        {
            var start = source.Offset(c.Span.StartLine, c.Span.StartColumn);
            var end = source.Offset(c.Span.EndLine, c.Span.EndColumn);
            items.Add(new Item(null, source.Text[start..end].TrimEnd(' ', '\t'), c.Span.StartLine, c.Span.StartLine, start, end));
        }
        items.Sort((a, b) => a.Start.CompareTo(b.Start));
        for (var i = 0; i + 1 < items.Count; i++)
        {
            if (items[i].Kind == TokenKind.Arrow && items[i + 1].Kind == TokenKind.Identifier) items[i].IsFieldArrow = true;
        }
        return items;
    }

    private static string Layout(List<Item> items)
    {
        var output = new StringBuilder();
        var open = new Stack<int>(); // for each open bracket, the indentation of the line that opened it
        var pendingBlank = false;
        var i = 0;
        var lastLine = 0; // the source line the previous output line ended on
        while (i < items.Count)
        {
            // One output line: the items that start on this source line (a multi-line string carries it on).
            var first = items[i];
            if (output.Length > 0 && first.Line > lastLine + 1) pendingBlank = true;
            var closing = 0;
            while (i + closing < items.Count && items[i + closing].Line == first.Line && IsCloser(items[i + closing].Kind)) closing++;
            var indent = IndentOf(open, closing);
            if (pendingBlank && output.Length > 0) output.Append('\n');
            pendingBlank = false;
            output.Append('\t', indent);

            Item? previous = null;
            var line = first.Line;
            while (i < items.Count && items[i].Line == line)
            {
                var item = items[i];
                if (previous is not null) output.Append(Gap(previous, item));
                output.Append(item.Text);
                if (IsOpener(item.Kind)) open.Push(indent);
                else if (IsCloser(item.Kind) && open.Count > 0) open.Pop();
                line = item.EndLine; // after a multi-line string, the line goes on where the string ended
                previous = item;
                i++;
            }
            output.Append('\n');
            lastLine = line;
        }
        return output.ToString();
    }

    /// <summary>The indentation of a line that starts with <paramref name="closing"/> closing brackets.</summary>
    private static int IndentOf(Stack<int> open, int closing)
    {
        if (open.Count == 0) return 0;
        if (closing == 0) return open.Peek() + 1;
        // The outermost bracket the line closes decides: the line sits where that bracket's line sat.
        return open.ElementAt(Math.Min(closing, open.Count) - 1);
    }

    /// <summary>What goes between two items of one line.</summary>
    private static string Gap(Item left, Item right)
    {
        var between = left.End < right.Start; // was there white space in the source
        if (right.IsComment) return between ? SourceGap(left, right) : " ";
        if (right.Kind is TokenKind.Comma or TokenKind.RParen or TokenKind.RBracket) return "";
        if (left.Kind is TokenKind.LParen or TokenKind.LBracket) return "";
        if (left.Kind is TokenKind.Comma) return " ";
        if (left.IsFieldArrow || right.IsFieldArrow) return "";
        if (IsSpacedOperator(left.Kind) || IsSpacedOperator(right.Kind)) return " ";
        return between ? " " : "";
    }

    // The blanks before a trailing comment are kept as written, so that aligned comments stay aligned.
    private static string SourceGap(Item left, Item right) => new(' ', Math.Max(1, right.Start - left.End));

    private static bool IsOpener(TokenKind? k) => k is TokenKind.LBrace or TokenKind.LParen or TokenKind.LBracket;

    private static bool IsCloser(TokenKind? k) => k is TokenKind.RBrace or TokenKind.RParen or TokenKind.RBracket;

    // Minus is left alone: `$a - 1` and `$a -1` are different programs.
    private static bool IsSpacedOperator(TokenKind? k) => k is TokenKind.Equals or TokenKind.Rocket or TokenKind.Arrow
        or TokenKind.Elvis or TokenKind.Except or TokenKind.Plus or TokenKind.Multiply or TokenKind.Divide
        or TokenKind.Eq or TokenKind.Neq or TokenKind.Lt or TokenKind.Gt or TokenKind.Lte or TokenKind.Gte
        or TokenKind.And or TokenKind.Or or TokenKind.In;

    /// <summary>Maps the lexer's line and column (columns count code points) to offsets in the text.</summary>
    private sealed class SourceText
    {
        private readonly List<int> _lineStarts = [0];

        public SourceText(string text)
        {
            Text = text;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n') _lineStarts.Add(i + 1);
            }
        }

        public string Text { get; }

        public int Offset(int line, int column)
        {
            var offset = _lineStarts[Math.Min(line, _lineStarts.Count) - 1];
            for (var c = 1; c < column && offset < Text.Length; c++)
            {
                offset += char.IsHighSurrogate(Text[offset]) && offset + 1 < Text.Length ? 2 : 1;
            }
            return offset;
        }
    }
}
