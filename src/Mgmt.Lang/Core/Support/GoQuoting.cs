using System.Globalization;
using System.Text;
using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.Support;

/// <summary>Go's string literal quoting and unquoting (<c>strconv.Quote*</c>, <c>strconv.Unquote</c>).</summary>
internal static class GoQuoting
{
    public enum Mode
    {
        Printable,
        Ascii,
        Graphic,
    }

    public static string Quote(string s, Mode mode, char quote = '"')
    {
        if (mode == Mode.Printable && quote == '"') return GoFormat.Quote(s);
        var sb = new StringBuilder().Append(quote);
        foreach (var rune in s.EnumerateRunes())
        {
            var r = rune.Value;
            if (r == quote || r == '\\')
            {
                sb.Append('\\').Append((char)r);
                continue;
            }
            var keep = mode switch
            {
                Mode.Ascii => r < 0x80 && GoFormat.IsPrint(r),
                Mode.Graphic => GoFormat.IsPrint(r) || IsGraphicSpace(r),
                _ => GoFormat.IsPrint(r),
            };
            if (keep)
            {
                sb.Append(rune.ToString());
                continue;
            }
            sb.Append(r switch
            {
                '\a' => "\\a",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\v' => "\\v",
                < 0x80 => "\\x" + r.ToString("x2", CultureInfo.InvariantCulture),
                <= 0xFFFF => "\\u" + r.ToString("x4", CultureInfo.InvariantCulture),
                _ => "\\U" + r.ToString("x8", CultureInfo.InvariantCulture),
            });
        }
        return sb.Append(quote).ToString();
    }

    // Go's IsGraphic adds the Unicode space separators (Zs) to IsPrint.
    private static bool IsGraphicSpace(int r) => r > 0x7F && CharUnicodeInfo.GetUnicodeCategory(r) == UnicodeCategory.SpaceSeparator;

    /// <summary>True when Go could write the string as a raw `...` literal.</summary>
    public static bool CanBackquote(string s) =>
        s.EnumerateRunes().All(r => r.Value != '`' && r.Value != 0xFEFF && (r.Value == '\t' || (r.Value >= 0x20 && r.Value != 0x7F)));

    /// <summary>
    /// Reads one Go quoted literal ("...", `...` or '...') at the start of <paramref name="s"/>; returns its value and
    /// how many characters it took, or throws <see cref="FunctionException"/> when there is none.
    /// </summary>
    public static (string Value, int Length) ReadLiteral(string s)
    {
        if (s.Length < 2) throw Invalid(s);
        var quote = s[0];
        if (quote == '`')
        {
            var end = s.IndexOf('`', 1);
            if (end < 0) throw Invalid(s);
            return (s[1..end].Replace("\r", "", StringComparison.Ordinal), end + 1);
        }
        if (quote is not ('"' or '\'')) throw Invalid(s);
        var sb = new StringBuilder();
        var i = 1;
        var runes = 0;
        while (true)
        {
            if (i >= s.Length || s[i] == '\n') throw Invalid(s);
            var c = s[i];
            if (c == quote) break;
            runes++;
            if (c != '\\')
            {
                sb.Append(c);
                i++;
                continue;
            }
            if (i + 1 >= s.Length) throw Invalid(s);
            var e = s[i + 1];
            i += 2;
            switch (e)
            {
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case '\\': sb.Append('\\'); break;
                case '\'' when quote == '\'': sb.Append('\''); break;
                case '"' when quote == '"': sb.Append('"'); break;
                case 'x': sb.Append((char)Hex(s, ref i, 2)); break;
                case 'u': sb.Append(char.ConvertFromUtf32(Rune(s, Hex(s, ref i, 4)))); break;
                case 'U': sb.Append(char.ConvertFromUtf32(Rune(s, Hex(s, ref i, 8)))); break;
                case >= '0' and <= '7':
                    if (i + 1 >= s.Length) throw Invalid(s);
                    var octal = s.Substring(i - 1, 3);
                    if (!octal.All(ch => ch is >= '0' and <= '7')) throw Invalid(s);
                    var v = Convert.ToInt32(octal, 8);
                    if (v > 255) throw Invalid(s);
                    sb.Append((char)v);
                    i += 2;
                    break;
                default:
                    throw Invalid(s);
            }
        }
        if (quote == '\'' && runes != 1) throw Invalid(s);
        return (sb.ToString(), i + 1);
    }

    private static int Hex(string s, ref int i, int digits)
    {
        if (i + digits > s.Length) throw Invalid(s);
        var text = s.Substring(i, digits);
        if (!text.All(char.IsAsciiHexDigit)) throw Invalid(s);
        i += digits;
        return int.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    private static int Rune(string s, int v) => v is > 0x10FFFF or (>= 0xD800 and <= 0xDFFF) ? throw Invalid(s) : v;

    private static FunctionException Invalid(string s) => new($"{GoFormat.Quote(s)} is not a valid Go quoted string");
}
