using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Types;

namespace Mgmt.Lang.Core.IterFunctions;

/// <summary>
/// The first-order functions of the <c>iter</c> package: <c>flatten</c> and <c>range</c>. The higher-order ones
/// (map, filter, reduce, zip) take function values and live with the runtime.
/// </summary>
internal static class IterPackage
{
    public const string Name = "iter";

    /// <summary>Largest list <c>iter.range</c> builds, so a typo cannot exhaust memory.</summary>
    private const long MaxRangeLength = 10_000_000;

    public static void Register(FunctionRegistry registry) => registry
        .Add(Name, new SimpleFunction(
            "flatten",
            "func(lists [][]?1) []?1",
            a => Value.List(((ListType)a[0].AsList().Type.Element).Element, a[0].AsList().Items.SelectMany(l => l.AsList().Items)),
            description: "Joins a list of lists into one list."))
        .Add(Name, Range());

    /// <summary><c>range(stop)</c>, <c>range(start, stop)</c>, <c>range(start, stop, step)</c>, like Python's.</summary>
    private static BuiltinFunction Range() => new PolymorphicFunction(
        "range",
        site =>
        {
            Arity.Range("iter.range", site, 1, 3);
            string[] names = site.ArgCount switch { 1 => ["stop"], 2 => ["start", "stop"], _ => ["start", "stop", "step"] };
            return TypeRules.Func(DataType.List(DataType.Int), [.. names.Select(n => (n, DataType.Int))]);
        },
        (_, _, a) =>
        {
            var (start, stop, step) = a.Count switch
            {
                1 => (0L, a[0].AsInt(), 1L),
                2 => (a[0].AsInt(), a[1].AsInt(), 1L),
                _ => (a[0].AsInt(), a[1].AsInt(), a[2].AsInt()),
            };
            return Value.List(DataType.Int, Build(start, stop, step).Select(Value.Int));
        },
        "A list of ints from start (default 0) up to, not including, stop, by step (default 1).");

    private static List<long> Build(long start, long stop, long step)
    {
        if (step == 0) throw new CatchableException("iter.range needs a step other than 0");
        // Decimal arithmetic: the span of two longs, or a step of long.MinValue, overflows a long.
        var count = step > 0
            ? (stop > start ? (decimal)stop - start : 0m) / step
            : (start > stop ? (decimal)start - stop : 0m) / -(decimal)step;
        if (Math.Ceiling(count) > MaxRangeLength)
        {
            throw new FunctionException($"iter.range({start}, {stop}, {step}) would have more than {MaxRangeLength} elements");
        }
        var result = new List<long>();
        for (var i = start; step > 0 ? i < stop : i > stop; i += step)
        {
            result.Add(i);
            if (step > 0 ? i > long.MaxValue - step : i < long.MinValue - step) break;
        }
        return result;
    }
}
