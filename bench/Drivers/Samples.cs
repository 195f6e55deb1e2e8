using System.Globalization;

namespace Mgmt.Bench;

/// <summary>Latency samples in milliseconds and their order statistics.</summary>
internal sealed class Samples
{
    private readonly List<double> _values = [];

    public int Count => _values.Count;

    public void Add(double milliseconds) => _values.Add(milliseconds);

    /// <summary>The nearest-rank percentile (p in 0..100): the smallest sample with at least p% of samples at or below it.</summary>
    public double Percentile(double p)
    {
        if (_values.Count == 0) throw new InvalidOperationException("no samples");
        var sorted = _values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public double Median => Percentile(50);

    public double Max => _values.Max();

    public double Min => _values.Min();

    /// <summary>Prints `prefix_p50_ms=...` and friends, the format the scenario scripts read.</summary>
    public void Print(string prefix)
    {
        Console.WriteLine($"{prefix}_n={Count}");
        Console.WriteLine($"{prefix}_p50_ms={Format(Percentile(50))}");
        Console.WriteLine($"{prefix}_p90_ms={Format(Percentile(90))}");
        Console.WriteLine($"{prefix}_p99_ms={Format(Percentile(99))}");
        Console.WriteLine($"{prefix}_min_ms={Format(Min)}");
        Console.WriteLine($"{prefix}_max_ms={Format(Max)}");
    }

    public static string Format(double ms) => ms.ToString(ms < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture);
}
