namespace Mgmt.Resources;

/// <summary>
/// The time span syntax of systemd.time(7): numbers with units (<c>1h 30min</c>, <c>2.5s</c>, <c>500ms</c>),
/// a bare number meaning seconds, or <c>infinity</c>. Checked before a timer is written so that a typo is
/// reported at once, with the accepted units, instead of being silently ignored by systemd.
/// </summary>
internal static class TimeSpanText
{
    private static readonly string[] Units =
    [
        "usec", "us", "µs", "msec", "ms", "seconds", "second", "sec", "s", "minutes", "minute", "min", "m",
        "hours", "hour", "hr", "h", "days", "day", "d", "weeks", "week", "w", "months", "month", "M",
        "years", "year", "y",
    ];

    /// <summary>Null when <paramref name="text"/> is a valid time span, otherwise what is wrong.</summary>
    public static string? Problem(string text)
    {
        var s = text.Trim();
        if (s.Length == 0) return "the time span is empty";
        if (s == "infinity") return null;
        var i = 0;
        var parts = 0;
        while (i < s.Length)
        {
            while (i < s.Length && s[i] == ' ') i++;
            if (i == s.Length) break;
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            var number = s[start..i];
            if (number.Length == 0 || number.Count(c => c == '.') > 1 || number == ".")
            {
                return $"'{text}' is not a time span: expected a number at '{s[start..]}'";
            }
            while (i < s.Length && s[i] == ' ') i++;
            var unitStart = i;
            while (i < s.Length && char.IsLetter(s[i])) i++;
            var unit = s[unitStart..i];
            if (unit.Length > 0 && !Units.Contains(unit, StringComparer.Ordinal))
            {
                return $"'{unit}' in '{text}' is not a time unit; use us, ms, s, min, h, d, w, M or y (or their long forms)";
            }
            if (unit.Length == 0 && i < s.Length && !char.IsAsciiDigit(s[i]))
            {
                return $"'{text}' is not a time span: unexpected '{s[i]}'";
            }
            parts++;
        }
        return parts == 0 ? "the time span is empty" : null;
    }
}
