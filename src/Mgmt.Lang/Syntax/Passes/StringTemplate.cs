using System.Text;

namespace Mgmt.Lang.Syntax.Passes;

/// <summary>
/// Reads the raw text of a string literal: decodes the escapes <c>\a \b \f \n \r \t \v \\ \" \$</c> and finds
/// the <c>${name}</c> / <c>${pkg.name}</c> references. A <c>$</c> not followed by <c>{</c> is a plain dollar
/// sign; <c>${</c> must be followed by a variable name and <c>}</c>.
/// </summary>
internal static class StringTemplate
{
    /// <summary>One part of a string: literal text, or a variable reference (<see cref="IsVariable"/>).</summary>
    public readonly record struct Piece(string Text, bool IsVariable);

    /// <summary>The pieces in order (adjacent literal text merged; never an empty literal piece).</summary>
    /// <exception cref="FormatException">With a message for the user, on a bad escape or a bad <c>${...}</c>.</exception>
    public static List<Piece> Parse(string raw)
    {
        var pieces = new List<Piece>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < raw.Length)
        {
            var c = raw[i];
            if (c == '\\')
            {
                if (i + 1 >= raw.Length) throw new FormatException("the string ends with a lone backslash; write `\\\\` for a backslash");
                literal.Append(Unescape(raw[i + 1]));
                i += 2;
            }
            else if (c == '$' && i + 1 < raw.Length && raw[i + 1] == '{')
            {
                var end = ScanVariable(raw, i + 2);
                if (literal.Length > 0)
                {
                    pieces.Add(new Piece(literal.ToString(), false));
                    literal.Clear();
                }
                pieces.Add(new Piece(raw[(i + 2)..end], true));
                i = end + 1; // past the closing brace
            }
            else
            {
                literal.Append(c);
                i++;
            }
        }
        if (literal.Length > 0) pieces.Add(new Piece(literal.ToString(), false));
        return pieces;
    }

    private static char Unescape(char c) => c switch
    {
        'a' => '\a',
        'b' => '\b',
        'f' => '\f',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        'v' => '\v',
        '\\' => '\\',
        '"' => '"',
        '$' => '$',
        _ => throw new FormatException(
            $"unknown escape sequence \\{c}: the escapes are \\a \\b \\f \\n \\r \\t \\v \\\\ \\\" and \\$ (write \\\\ for a backslash)"),
    };

    /// <summary>
    /// Checks the variable name starting at <paramref name="start"/> (just after <c>${</c>): a lowercase letter,
    /// then lowercase letters, digits and underscores, with single dots between parts. Returns the index of
    /// the closing brace.
    /// </summary>
    private static int ScanVariable(string raw, int start)
    {
        var i = start;
        if (i < raw.Length && char.IsAsciiLetterLower(raw[i]))
        {
            i++;
            while (i < raw.Length)
            {
                if (IsNameChar(raw[i])) i++;
                else if (raw[i] == '.' && i + 1 < raw.Length && IsNameChar(raw[i + 1])) i += 2;
                else break;
            }
            if (i < raw.Length && raw[i] == '}') return i;
        }
        var close = raw.IndexOf('}', start);
        var inside = close < 0 ? raw[start..] : raw[start..close];
        throw new FormatException(close < 0
            ? $"`${{{inside}` is never closed: a `${{` starts a variable reference and needs a `}}` (write `\\$` for a plain dollar sign)"
            : $"`${{{inside}}}` is not a variable reference: only a variable name such as `${{name}}` or `${{pkg.name}}` " +
              "can go inside `${}` (compute other values in a variable first, or write `\\$` for a plain dollar sign)");
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_';
}
