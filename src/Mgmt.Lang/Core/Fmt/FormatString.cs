using System.Collections.Concurrent;
using System.Text;

namespace Mgmt.Lang.Core.FmtFunctions;

/// <summary>
/// A parsed printf format: literal text and directives, in order. Parsing is strict: an unknown verb or a lone
/// <c>%</c> is an error with a message that says how to fix it, so mistakes surface at compile time when the
/// format is a constant.
/// </summary>
internal sealed class FormatString
{
    private static readonly ConcurrentDictionary<string, FormatString> Cache = new(StringComparer.Ordinal);

    private FormatString(string text, IReadOnlyList<object> parts)
    {
        Text = text;
        Parts = parts;
        Directives = [.. parts.OfType<FormatDirective>()];
    }

    public string Text { get; }

    /// <summary>Literal strings and <see cref="FormatDirective"/>s, in order.</summary>
    public IReadOnlyList<object> Parts { get; }

    /// <summary>The directives in order: one per argument.</summary>
    public IReadOnlyList<FormatDirective> Directives { get; }

    /// <summary>Parses a format, or throws <see cref="FormatException"/> with a user-facing reason.</summary>
    public static FormatString Parse(string format)
    {
        if (Cache.TryGetValue(format, out var cached)) return cached;
        var parsed = ParseUncached(format);
        if (Cache.Count < 1024) Cache.TryAdd(format, parsed);
        return parsed;
    }

    private static FormatString ParseUncached(string format)
    {
        var parts = new List<object>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i];
            if (c != '%')
            {
                literal.Append(c);
                i++;
                continue;
            }
            var start = i;
            i++;
            if (i < format.Length && format[i] == '%')
            {
                literal.Append('%');
                i++;
                continue;
            }
            var flags = new StringBuilder();
            while (i < format.Length && format[i] is '-' or '+' or ' ' or '0' or '#') flags.Append(format[i++]);
            int? width = ReadNumber(format, ref i);
            int? precision = null;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = ReadNumber(format, ref i) ?? 0;
            }
            if (i >= format.Length)
            {
                throw new FormatException($"the format ends inside the directive '{format[start..]}'; write %% for a percent sign");
            }
            var verb = format[i];
            if (verb is '[' or '*')
            {
                throw new FormatException($"argument indexes and '*' widths are not supported (at position {i})");
            }
            if (!FormatDirective.Verbs.ContainsKey(verb))
            {
                throw new FormatException(
                    $"'%{verb}' at position {start} is not a verb printf knows; use %s, %q, %d, %f, %t, %v or %T (%% for a percent sign)");
            }
            i++;
            if (literal.Length > 0)
            {
                parts.Add(literal.ToString());
                literal.Clear();
            }
            parts.Add(new FormatDirective(flags.ToString(), width, precision, verb));
        }
        if (literal.Length > 0) parts.Add(literal.ToString());
        return new FormatString(format, parts);
    }

    private static int? ReadNumber(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        if (i == start) return null;
        if (i - start > 6) throw new FormatException($"the width or precision '{s[start..i]}' is too large");
        return int.Parse(s.AsSpan(start, i - start), System.Globalization.CultureInfo.InvariantCulture);
    }
}
