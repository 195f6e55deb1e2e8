using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.RegexpFunctions;

/// <summary>
/// The <c>regexp</c> package. Patterns use RE2 syntax as in Go; they run on .NET's non-backtracking engine, which
/// gives the same linear-time guarantee (no catastrophic backtracking on hostile input).
/// </summary>
internal static class RegexpPackage
{
    public const string Name = "regexp";

    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    public static void Register(FunctionRegistry registry) => registry
        .Add(Name, new SimpleFunction("match", "func(pattern str, s str) bool",
            a => Value.Bool(Compile(a[0].AsStr()).IsMatch(a[1].AsStr())),
            description: "True when the RE2 pattern matches somewhere in s."));

    internal static Regex Compile(string pattern)
    {
        if (Cache.TryGetValue(pattern, out var cached)) return cached;
        // Go writes named groups (?P<name>...); .NET spells them (?<name>...).
        var dotnet = pattern.Replace("(?P<", "(?<", StringComparison.Ordinal);
        Regex regex;
        try
        {
            regex = new Regex(dotnet, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new FunctionException($"invalid regular expression {GoFormat.Quote(pattern)}: {e.Message}");
        }
        if (Cache.Count < 512) Cache.TryAdd(pattern, regex);
        return regex;
    }
}
