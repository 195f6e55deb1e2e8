using System.Globalization;
using System.Text;
using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;

namespace Mgmt.Lang.Core.FmtFunctions;

/// <summary>How containers and floats print under <c>%v</c>.</summary>
internal enum PrintStyle
{
    /// <summary>As <c>fmt.printf</c> prints: mcl value syntax for containers, floats without exponent.</summary>
    Mcl,

    /// <summary>As Go's fmt prints converted values in templates: <c>[a b]</c>, <c>map[k:v]</c>, floats as %g.</summary>
    Go,
}

/// <summary>Formats one value for one printf directive, applying Go's flags, width and precision rules.</summary>
internal static class ValueFormatter
{
    public static string Format(FormatDirective d, Value v, PrintStyle style)
    {
        var body = d.Verb switch
        {
            'v' => Plain(v, style),
            'T' => v.Type.ToString(),
            's' => Truncate(v.AsStr(), d.Precision),
            'q' => GoFormat.Quote(Truncate(v.AsStr(), d.Precision)),
            't' => v.AsBool() ? "true" : "false",
            'd' => v.AsInt().ToString(CultureInfo.InvariantCulture),
            'b' => Based(v.AsInt(), 2, d.Sharp ? "0b" : ""),
            'o' => Based(v.AsInt(), 8, d.Sharp ? "0" : ""),
            'x' => Based(v.AsInt(), 16, d.Sharp ? "0x" : ""),
            'X' => Based(v.AsInt(), 16, d.Sharp ? "0X" : "").ToUpperInvariant(),
            'c' => Rune(v.AsInt()),
            // mcl's printf has always printed %f without a precision in the shortest form (3.14, 42), while Go's
            // own %f defaults to 6 digits; templates use Go's rule.
            'f' or 'F' => GoFloat.F(v.AsFloat(), d.Precision ?? (style == PrintStyle.Go ? 6 : -1)),
            'e' => GoFloat.E(v.AsFloat(), d.Precision ?? 6),
            'E' => GoFloat.E(v.AsFloat(), d.Precision ?? 6, 'E'),
            'g' => GoFloat.G(v.AsFloat(), d.Precision ?? -1, keepZeros: d.Sharp),
            'G' => GoFloat.G(v.AsFloat(), d.Precision ?? -1, 'E', d.Sharp),
            _ => throw new FormatException($"unknown verb %{d.Verb}"),
        };
        var numeric = d.Verb is 'd' or 'b' or 'o' or 'x' or 'X' or 'f' or 'F' or 'e' or 'E' or 'g' or 'G'
            || (d.Verb == 'v' && v is IntValue or FloatValue);
        if (numeric && !body.StartsWith('-') && !body.StartsWith('+') && body is not "NaN")
        {
            if (d.Plus) body = "+" + body;
            else if (d.Space) body = " " + body;
        }
        return Pad(body, d, numeric);
    }

    /// <summary>The plain %v rendering of a value.</summary>
    public static string Plain(Value v, PrintStyle style) => (v, style) switch
    {
        (StrValue s, _) => s.V,
        (FloatValue f, PrintStyle.Mcl) => GoFormat.Float(f.V),
        (FloatValue f, PrintStyle.Go) => GoFloat.G(f.V, -1),
        (_, PrintStyle.Mcl) => v.ToString(),
        (ListValue l, _) => "[" + string.Join(" ", l.Items.Select(x => Plain(x, style))) + "]",
        (MapValue m, _) => "map[" + string.Join(" ", m.SortedEntries().Select(e => Plain(e.Key, style) + ":" + Plain(e.Value, style))) + "]",
        (StructValue s, _) => "map[" + string.Join(" ", s.Type.Fields
            .Select((f, i) => (Name: GoStrings.Title(f.Name), Value: s.Fields[i]))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => f.Name + ":" + Plain(f.Value, style))) + "]",
        _ => v.ToString(),
    };

    private static string Truncate(string s, int? precision)
    {
        if (precision is not { } p) return s;
        var runes = s.EnumerateRunes().Take(p);
        var sb = new StringBuilder();
        foreach (var r in runes) sb.Append(r.ToString());
        return sb.ToString();
    }

    private static string Based(long v, int radix, string prefix)
    {
        var negative = v < 0;
        var magnitude = negative ? (ulong)(-(v + 1)) + 1 : (ulong)v;
        var digits = new StringBuilder();
        do
        {
            digits.Insert(0, "0123456789abcdef"[(int)(magnitude % (ulong)radix)]);
            magnitude /= (ulong)radix;
        }
        while (magnitude > 0);
        return (negative ? "-" : "") + prefix + digits;
    }

    private static string Rune(long v) =>
        v is >= 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF) ? char.ConvertFromUtf32((int)v) : "\uFFFD";

    private static string Pad(string body, FormatDirective d, bool numeric)
    {
        if (d.Width is not { } width) return body;
        var length = body.EnumerateRunes().Count();
        if (length >= width) return body;
        var fill = width - length;
        if (d.Minus) return body + new string(' ', fill);
        if (d.Zero && numeric && !body.Contains("Inf") && body != "NaN")
        {
            // Zeros go after the sign: -0042.
            var sign = body.Length > 0 && body[0] is '-' or '+' or ' ' ? body[..1] : "";
            return sign + new string('0', fill) + body[sign.Length..];
        }
        return new string(' ', fill) + body;
    }
}
