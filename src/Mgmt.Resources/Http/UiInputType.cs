using System.Globalization;

namespace Mgmt.Resources;

/// <summary>
/// The parsed <c>type</c> of an <c>http:server:ui:input</c>: <c>text://</c> (a one-line text field, the default)
/// or <c>range://?min=0&amp;max=100&amp;step=5</c> (a slider over whole numbers; every bound is optional). The
/// <c>://</c> may be left out.
/// </summary>
internal sealed record UiInputType(bool IsRange, long? Min, long? Max, long? Step)
{
    public static readonly UiInputType Text = new(false, null, null, null);

    /// <summary>Parses a type; throws <see cref="FormatException"/> with a message for the user when it is wrong.</summary>
    public static UiInputType Parse(string spec)
    {
        if (spec.Length == 0) return Text;
        var query = "";
        var scheme = spec;
        var separator = spec.IndexOf("://", StringComparison.Ordinal);
        if (separator >= 0)
        {
            scheme = spec[..separator];
            var rest = spec[(separator + 3)..];
            if (rest.Length > 0 && !rest.StartsWith('?'))
            {
                throw new FormatException($"the type '{spec}' has '{rest}' after '://'; only options such as '?min=0&max=10' may follow");
            }
            query = rest.TrimStart('?');
        }
        switch (scheme)
        {
            case "text":
                if (query.Length > 0) throw new FormatException($"the type '{spec}' gives options, but a text field takes none; write 'text://'");
                return Text;
            case "range":
                var min = Bound(spec, query, "min");
                var max = Bound(spec, query, "max");
                var step = Bound(spec, query, "step");
                foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
                {
                    var name = pair.Split('=')[0];
                    if (name is not ("min" or "max" or "step"))
                    {
                        throw new FormatException($"the type '{spec}' has the option '{name}'; a range takes only min, max and step");
                    }
                }
                if (min > max) throw new FormatException($"the type '{spec}' has min {min} above max {max}");
                if (step <= 0) throw new FormatException($"the type '{spec}' has step {step}; the step must be at least 1");
                return new UiInputType(true, min, max, step);
            default:
                throw new FormatException($"the type '{spec}' is not known; use 'text://' or 'range://' (with optional '?min=..&max=..&step=..')");
        }
    }

    private static long? Bound(string spec, string query, string name)
    {
        if (FormText.Find(query, name) is not { } text) return null;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            throw new FormatException($"the type '{spec}' has {name}='{text}'; it must be a whole number");
        }
        return n;
    }

    /// <summary>Null when <paramref name="value"/> fits this field, else what is wrong with it.</summary>
    public string? Problem(string value)
    {
        if (!IsRange)
        {
            return value.Any(char.IsControl) ? "a text field takes one line without control characters" : null;
        }
        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            return $"'{value}' is not a whole number";
        }
        if (n < Min) return $"{n} is below the minimum {Min}";
        if (n > Max) return $"{n} is above the maximum {Max}";
        if (Step is { } step && (n - (Min ?? 0)) % step != 0) return $"{n} is not a multiple of the step {step}{(Min is { } m ? $" from {m}" : "")}";
        return null;
    }
}
