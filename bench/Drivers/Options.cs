using System.Globalization;

namespace Mgmt.Bench;

/// <summary>`--name value` pairs of a driver command line.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Options Parse(ReadOnlySpan<string> args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal)) throw new UsageException($"expected an option such as --dir, got '{name}'");
            if (i + 1 >= args.Length) throw new UsageException($"{name} needs a value");
            options._values[name[2..]] = args[++i];
        }
        return options;
    }

    public string Text(string name) =>
        _values.TryGetValue(name, out var v) ? v : throw new UsageException($"--{name} is required");

    public string? TextOrNull(string name) => _values.GetValueOrDefault(name);

    public int Int(string name, int? fallback = null)
    {
        if (!_values.TryGetValue(name, out var v))
        {
            return fallback ?? throw new UsageException($"--{name} is required");
        }
        return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw new UsageException($"--{name} expects a whole number of 0 or more, got '{v}'");
    }

    public int[] Ints(string name, int[] fallback)
    {
        if (!_values.TryGetValue(name, out var v)) return fallback;
        return [.. v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s =>
            int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new UsageException($"--{name} expects whole numbers separated by commas, got '{v}'"))];
    }
}
