using System.Globalization;
using YamlDotNet.Core;

namespace Mgmt.Cli.FrontEnds.Yaml;

/// <summary>
/// Reads YAML scalars the way YAML 1.2's core schema does: unquoted <c>true</c>/<c>false</c> are booleans,
/// unquoted numbers are numbers, unquoted <c>~</c>, <c>null</c> or nothing is null, everything else is text.
/// </summary>
internal static class YamlScalars
{
    public static bool IsPlain(YScalar s) => s.Style is ScalarStyle.Plain or ScalarStyle.Any;

    public static bool IsNull(YNode node) =>
        node is YScalar s && IsPlain(s) && s.Value is "" or "~" or "null" or "Null" or "NULL";

    public static bool TryBool(YScalar s, out bool value)
    {
        value = false;
        if (!IsPlain(s)) return false;
        switch (s.Value)
        {
            case "true" or "True" or "TRUE":
                value = true;
                return true;
            case "false" or "False" or "FALSE":
                return true;
            default:
                return false;
        }
    }

    /// <summary>Parses an unquoted integer: decimal with an optional sign, <c>0x</c> hex or <c>0o</c> octal.</summary>
    public static bool TryInt(YScalar s, out long value, out bool overflow)
    {
        value = 0;
        overflow = false;
        var text = s.Value;
        if (!IsPlain(s) || text.Length == 0) return false;
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            return Based(text[2..], 16, "0123456789abcdefABCDEF", out value, out overflow);
        }
        if (text.StartsWith("0o", StringComparison.Ordinal))
        {
            return Based(text[2..], 8, "01234567", out value, out overflow);
        }
        var digits = text[0] is '+' or '-' ? text[1..] : text;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)) return false;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)) return true;
        overflow = true;
        return false;
    }

    /// <summary>Parses an unquoted number as a float: integers, decimals, exponents, <c>.inf</c>, <c>.nan</c>.</summary>
    public static bool TryFloat(YScalar s, out double value)
    {
        value = 0;
        var text = s.Value;
        if (!IsPlain(s) || text.Length == 0) return false;
        switch (text)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                value = double.PositiveInfinity;
                return true;
            case "-.inf" or "-.Inf" or "-.INF":
                value = double.NegativeInfinity;
                return true;
            case ".nan" or ".NaN" or ".NAN":
                value = double.NaN;
                return true;
        }
        if (TryInt(s, out var i, out _))
        {
            value = i;
            return true;
        }
        // Only the characters of a decimal number: no thousands separators, no "Infinity" spelled out.
        if (!text.All(c => char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-')) return false;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static bool Based(string digits, int radix, string allowed, out long value, out bool overflow)
    {
        value = 0;
        overflow = false;
        if (digits.Length == 0 || !digits.All(allowed.Contains)) return false;
        try
        {
            value = checked((long)Convert.ToUInt64(digits, radix));
            return true;
        }
        catch (OverflowException)
        {
            overflow = true;
            return false;
        }
    }
}
