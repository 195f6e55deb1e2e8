using System.Globalization;

namespace Mgmt.Resources;

/// <summary>Durations written as Go writes them, as the reference's parameters take them: <c>10m</c>, <c>1h30m</c>, <c>45s</c>.</summary>
internal static class GoDuration
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text.Length == 0) return false;
        var i = 0;
        var total = 0.0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
            if (i == start || !double.TryParse(text[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return false;
            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i])) i++;
            var factor = text[unitStart..i] switch
            {
                "h" => 3600.0,
                "m" => 60.0,
                "s" => 1.0,
                "ms" => 0.001,
                _ => double.NaN,
            };
            if (double.IsNaN(factor)) return false;
            total += number * factor;
        }
        duration = TimeSpan.FromSeconds(total);
        return true;
    }
}
