using System.Globalization;
using System.Text;

namespace Mgmt.Lang.Core.DatetimeFunctions;

/// <summary>
/// Formats times with Go's reference-time layouts (<c>2006-01-02 15:04:05 -0700 MST</c>), which is what
/// <c>datetime.format</c> accepts, so layouts written for the reference keep their meaning.
/// </summary>
internal static class GoTimeLayout
{
    /// <summary>Go's <c>time.Time.String()</c> layout for whole seconds.</summary>
    public const string Default = "2006-01-02 15:04:05.999999999 -0700 MST";

    private static readonly string[] LongDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] LongMonths =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static string Format(DateTimeOffset t, TimeZoneInfo zone, string layout)
    {
        var sb = new StringBuilder();
        var i = 0;
        while (i < layout.Length)
        {
            if (TryToken(t, zone, layout, ref i, sb)) continue;
            sb.Append(layout[i++]);
        }
        return sb.ToString();
    }

    /// <summary>The zone's short name at that time (CET, CEST, UTC), or Go's numeric fallback (+0530).</summary>
    public static string ZoneAbbreviation(DateTimeOffset t, TimeZoneInfo zone)
    {
        var name = zone.IsDaylightSavingTime(t) ? zone.DaylightName : zone.StandardName;
        if (!string.IsNullOrEmpty(name) && name.Length <= 6 && !name.Contains(' ')) return name;
        if (t.Offset == TimeSpan.Zero) return "UTC";
        return Offset(t.Offset, colon: false, seconds: false, hoursOnly: false);
    }

    private static bool TryToken(DateTimeOffset t, TimeZoneInfo zone, string l, ref int i, StringBuilder sb)
    {
        var start = i;
        bool At(string token) => string.CompareOrdinal(l, start, token, 0, token.Length) == 0;

        var c = l[i];
        string? text = null;
        var length = 0;
        void Take(string token, string value)
        {
            if (text is null && At(token))
            {
                text = value;
                length = token.Length;
            }
        }

        switch (c)
        {
            case 'J':
                Take("January", LongMonths[t.Month - 1]);
                Take("Jan", LongMonths[t.Month - 1][..3]);
                break;
            case 'M':
                Take("Monday", LongDays[(int)t.DayOfWeek]);
                Take("Mon", LongDays[(int)t.DayOfWeek][..3]);
                Take("MST", ZoneAbbreviation(t, zone));
                break;
            case '0':
                Take("01", Two(t.Month));
                Take("02", Two(t.Day));
                Take("03", Two(Hour12(t)));
                Take("04", Two(t.Minute));
                Take("05", Two(t.Second));
                Take("06", Two(t.Year % 100));
                Take("002", t.DayOfYear.ToString("000", CultureInfo.InvariantCulture));
                break;
            case '1':
                Take("15", Two(t.Hour));
                Take("1", Num(t.Month));
                break;
            case '2':
                Take("2006", t.Year.ToString("0000", CultureInfo.InvariantCulture));
                Take("2", Num(t.Day));
                break;
            case '_':
                if (At("_2006"))
                {
                    // Go reads "_2006" as a literal underscore followed by the year.
                    sb.Append('_');
                    i++;
                    return true;
                }
                Take("__2", t.DayOfYear.ToString(CultureInfo.InvariantCulture).PadLeft(3));
                Take("_2", Num(t.Day).PadLeft(2));
                break;
            case '3':
                Take("3", Num(Hour12(t)));
                break;
            case '4':
                Take("4", Num(t.Minute));
                break;
            case '5':
                Take("5", Num(t.Second));
                break;
            case 'P':
                Take("PM", t.Hour >= 12 ? "PM" : "AM");
                break;
            case 'p':
                Take("pm", t.Hour >= 12 ? "pm" : "am");
                break;
            case '-':
                Take("-070000", Offset(t.Offset, false, true, false));
                Take("-07:00:00", Offset(t.Offset, true, true, false));
                Take("-0700", Offset(t.Offset, false, false, false));
                Take("-07:00", Offset(t.Offset, true, false, false));
                Take("-07", Offset(t.Offset, false, false, true));
                break;
            case 'Z':
                var utc = t.Offset == TimeSpan.Zero;
                Take("Z070000", utc ? "Z" : Offset(t.Offset, false, true, false));
                Take("Z07:00:00", utc ? "Z" : Offset(t.Offset, true, true, false));
                Take("Z0700", utc ? "Z" : Offset(t.Offset, false, false, false));
                Take("Z07:00", utc ? "Z" : Offset(t.Offset, true, false, false));
                Take("Z07", utc ? "Z" : Offset(t.Offset, false, false, true));
                break;
            case '.' or ',':
                if (Fraction(t, l, i, out var fraction, out var used))
                {
                    text = fraction;
                    length = used;
                }
                break;
        }
        if (text is null) return false;
        sb.Append(text);
        i += length;
        return true;
    }

    /// <summary>.000 (fixed digits) or .999 (trailing zeros dropped) fractional seconds, ended by a non-digit.</summary>
    private static bool Fraction(DateTimeOffset t, string l, int i, out string text, out int used)
    {
        text = "";
        used = 0;
        if (i + 1 >= l.Length || l[i + 1] is not ('0' or '9')) return false;
        var digit = l[i + 1];
        var j = i + 1;
        while (j < l.Length && l[j] == digit) j++;
        if (j < l.Length && char.IsAsciiDigit(l[j])) return false;
        var count = j - i - 1;
        var nanos = (t.Ticks % TimeSpan.TicksPerSecond) * 100;
        var digits = nanos.ToString("000000000", CultureInfo.InvariantCulture)[..Math.Min(count, 9)].PadRight(count, '0');
        used = j - i;
        if (digit == '9')
        {
            digits = digits.TrimEnd('0');
            text = digits.Length == 0 ? "" : l[i] + digits;
        }
        else
        {
            text = l[i] + digits;
        }
        return true;
    }

    private static int Hour12(DateTimeOffset t) => t.Hour % 12 == 0 ? 12 : t.Hour % 12;

    private static string Two(int v) => v.ToString("00", CultureInfo.InvariantCulture);

    private static string Num(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Offset(TimeSpan offset, bool colon, bool seconds, bool hoursOnly)
    {
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var abs = offset.Duration();
        var sb = new StringBuilder(sign).Append(Two(abs.Hours + abs.Days * 24));
        if (hoursOnly) return sb.ToString();
        if (colon) sb.Append(':');
        sb.Append(Two(abs.Minutes));
        if (seconds)
        {
            if (colon) sb.Append(':');
            sb.Append(Two(abs.Seconds));
        }
        return sb.ToString();
    }
}
