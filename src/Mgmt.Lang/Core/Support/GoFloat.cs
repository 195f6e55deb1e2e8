using System.Globalization;
using System.Text;
using Mgmt.Engine.Values;

namespace Mgmt.Lang.Core.Support;

/// <summary>
/// Go's float formatting (<c>strconv.FormatFloat</c> verbs e, f, g) for the places where users see Go's output:
/// printf verbs with a precision and values printed by templates (<c>%v</c> of a float is <c>%g</c> there).
/// Digits come from .NET's exact round-trip and fixed-precision formatting, laid out the way Go lays them out.
/// </summary>
internal static class GoFloat
{
    /// <summary>%e: one digit, a point, <paramref name="precision"/> digits (-1 = as few as round-trip), exponent.</summary>
    public static string E(double v, int precision, char e = 'e')
    {
        if (Special(v) is { } s) return s;
        var (digits, dp) = precision < 0 ? Shortest(v) : Significant(v, precision + 1);
        return Sign(v) + LayoutE(digits, dp, precision < 0 ? Math.Max(digits.Length - 1, 0) : precision, e);
    }

    /// <summary>%f with a precision; -1 gives the shortest form that round-trips, as mcl prints floats.</summary>
    public static string F(double v, int precision)
    {
        if (Special(v) is { } s) return s;
        if (precision < 0) return GoFormat.Float(v);
        return v.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>%g: %e for large or tiny exponents, %f otherwise; -1 precision = shortest (Go's %v of a float).</summary>
    public static string G(double v, int precision, char e = 'e', bool keepZeros = false)
    {
        if (Special(v) is { } s) return s;
        var shortest = precision < 0;
        string digits;
        int dp;
        int eprec;
        if (shortest)
        {
            (digits, dp) = Shortest(v);
            precision = digits.Length;
            eprec = 6;
        }
        else
        {
            if (precision == 0) precision = 1;
            (digits, dp) = Significant(v, precision);
            if (!keepZeros) digits = digits.TrimEnd('0');
            eprec = precision;
            if (eprec > digits.Length && digits.Length >= dp) eprec = digits.Length;
        }
        var exp = dp - 1;
        if (exp < -4 || exp >= eprec)
        {
            if (precision > digits.Length && !keepZeros) precision = digits.Length;
            return Sign(v) + LayoutE(digits, dp, Math.Max(precision - 1, 0), e);
        }
        if (precision > dp && !keepZeros) precision = digits.Length;
        return Sign(v) + LayoutF(digits, dp, Math.Max(precision - dp, 0));
    }

    private static string? Special(double v) =>
        double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf" : null;

    private static string Sign(double v) => v < 0 || (v == 0 && double.IsNegative(v)) ? "-" : "";

    /// <summary>The shortest digits that round-trip, with the decimal point position: v = 0.DIGITS × 10^dp.</summary>
    internal static (string Digits, int Dp) Shortest(double v) =>
        Decompose(Math.Abs(v).ToString("R", CultureInfo.InvariantCulture));

    /// <summary>The value rounded to <paramref name="n"/> significant digits (trailing zeros kept).</summary>
    internal static (string Digits, int Dp) Significant(double v, int n)
    {
        var abs = Math.Abs(v);
        if (abs == 0) return (new string('0', n), 1);
        var (digits, dp) = Decompose(abs.ToString("E" + (n - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        return (digits.PadRight(n, '0'), dp);
    }

    private static (string Digits, int Dp) Decompose(string text)
    {
        var e = text.IndexOfAny(['E', 'e']);
        var mantissa = e < 0 ? text : text[..e];
        var exponent = e < 0 ? 0 : int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.');
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var dp = (dot < 0 ? mantissa.Length : dot) + exponent;
        var lead = 0;
        while (lead < digits.Length && digits[lead] == '0') lead++;
        digits = digits[lead..];
        dp -= lead;
        digits = digits.TrimEnd('0');
        return digits.Length == 0 ? ("", 0) : (digits, dp);
    }

    private static string LayoutE(string digits, int dp, int fraction, char e)
    {
        var sb = new StringBuilder();
        sb.Append(digits.Length > 0 ? digits[0] : '0');
        if (fraction > 0)
        {
            sb.Append('.');
            for (var i = 1; i <= fraction; i++) sb.Append(i < digits.Length ? digits[i] : '0');
        }
        var exp = digits.Length == 0 ? 0 : dp - 1;
        sb.Append(e).Append(exp < 0 ? '-' : '+');
        var abs = Math.Abs(exp);
        if (abs < 10) sb.Append('0');
        sb.Append(abs.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    private static string LayoutF(string digits, int dp, int fraction)
    {
        var sb = new StringBuilder();
        if (dp > 0)
        {
            for (var i = 0; i < dp; i++) sb.Append(i < digits.Length ? digits[i] : '0');
        }
        else
        {
            sb.Append('0');
        }
        if (fraction > 0)
        {
            sb.Append('.');
            for (var i = 0; i < fraction; i++)
            {
                var index = dp + i;
                sb.Append(index >= 0 && index < digits.Length ? digits[index] : '0');
            }
        }
        return sb.ToString();
    }
}
