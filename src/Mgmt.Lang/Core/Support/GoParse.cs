using System.Globalization;
using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.Support;

/// <summary>
/// Parsing with Go's <c>strconv</c> rules (no surrounding spaces, base 10, Go's bool spellings). Failures throw
/// <see cref="CatchableException"/> so a program can supply a fallback with <c>&lt;|&gt;</c>.
/// </summary>
internal static class GoParse
{
    public static bool Bool(string s) => s switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => throw new CatchableException($"{GoFormat.Quote(s)} is not a bool; use true or false"),
    };

    public static long Int(string s)
    {
        var digits = s.StartsWith('+') || s.StartsWith('-') ? s[1..] : s;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            throw new CatchableException($"{GoFormat.Quote(s)} is not an int");
        }
        if (!long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            throw new CatchableException($"{GoFormat.Quote(s)} is out of the range of an int");
        }
        return v;
    }

    public static double Float(string s)
    {
        var lower = s.ToLowerInvariant();
        switch (lower.TrimStart('+', '-'))
        {
            case "inf" or "infinity" when lower.Length - lower.TrimStart('+', '-').Length <= 1:
                return lower.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
            case "nan" when lower == "nan":
                return double.NaN;
        }
        var body = s.StartsWith('+') || s.StartsWith('-') ? s[1..] : s;
        var valid = body.Length > 0 && body.Any(char.IsAsciiDigit)
            && body.All(c => char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-');
        if (!valid || !double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var v))
        {
            throw new CatchableException($"{GoFormat.Quote(s)} is not a float");
        }
        if (double.IsInfinity(v)) throw new CatchableException($"{GoFormat.Quote(s)} is out of the range of a float");
        return v;
    }
}
