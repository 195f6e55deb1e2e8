using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;
using static Mgmt.Lang.Core.GolangFunctions.Stdlib.GoStringFunctions;

namespace Mgmt.Lang.Core.GolangFunctions.Stdlib;

/// <summary><c>golang/strings</c>: Go's strings package with snake_case names.</summary>
internal static class StringsWrappers
{
    public const string Package = "golang/strings";

    private static readonly StringComparison Ordinal = StringComparison.Ordinal;

    public static void Register(FunctionRegistry r)
    {
        Add(r, "clone", "func(s str) str", a => Value.Str(a[0].AsStr()));
        Add(r, "compare", "func(a str, b str) int", a => Value.Int(Math.Sign(string.CompareOrdinal(a[0].AsStr(), a[1].AsStr()))));
        Add(r, "contains", "func(s str, substr str) bool", a => Value.Bool(a[0].AsStr().Contains(a[1].AsStr(), Ordinal)));
        Add(r, "contains_any", "func(s str, chars str) bool", a => Value.Bool(IndexAny(a[0].AsStr(), a[1].AsStr(), last: false) >= 0));
        Add(r, "count", "func(s str, substr str) int", a => Value.Int(Count(a[0].AsStr(), a[1].AsStr())));
        Add(r, "equal_fold", "func(s str, t str) bool", a => Value.Bool(string.Equals(a[0].AsStr(), a[1].AsStr(), StringComparison.OrdinalIgnoreCase)));
        Add(r, "has_prefix", "func(s str, prefix str) bool", a => Value.Bool(a[0].AsStr().StartsWith(a[1].AsStr(), Ordinal)));
        Add(r, "has_suffix", "func(s str, suffix str) bool", a => Value.Bool(a[0].AsStr().EndsWith(a[1].AsStr(), Ordinal)));
        Add(r, "index", "func(s str, substr str) int", a => Value.Int(ByteIndex(a[0].AsStr(), a[0].AsStr().IndexOf(a[1].AsStr(), Ordinal))));
        Add(r, "index_any", "func(s str, chars str) int", a => Value.Int(IndexAny(a[0].AsStr(), a[1].AsStr(), last: false)));
        Add(r, "join", "func(elems []str, sep str) str", a => Value.Str(string.Join(a[1].AsStr(), a[0].AsList().Items.Select(x => x.AsStr()))));
        Add(r, "last_index", "func(s str, substr str) int", a => Value.Int(ByteIndex(a[0].AsStr(), a[0].AsStr().LastIndexOf(a[1].AsStr(), Ordinal))));
        Add(r, "last_index_any", "func(s str, chars str) int", a => Value.Int(IndexAny(a[0].AsStr(), a[1].AsStr(), last: true)));
        Add(r, "repeat", "func(s str, count int) str", a => Value.Str(Repeat(a[0].AsStr(), a[1].AsInt())));
        Add(r, "replace", "func(s str, old str, new str, n int) str", a => Value.Str(Replace(a[0].AsStr(), a[1].AsStr(), a[2].AsStr(), a[3].AsInt())));
        Add(r, "replace_all", "func(s str, old str, new str) str", a => Value.Str(Replace(a[0].AsStr(), a[1].AsStr(), a[2].AsStr(), -1)));
        Add(r, "title", "func(s str) str", a => Value.Str(TitleWords(a[0].AsStr())));
        Add(r, "to_lower", "func(s str) str", a => Value.Str(a[0].AsStr().ToLowerInvariant()));
        Add(r, "to_title", "func(s str) str", a => Value.Str(a[0].AsStr().ToUpperInvariant()));
        Add(r, "to_upper", "func(s str) str", a => Value.Str(a[0].AsStr().ToUpperInvariant()));
        Add(r, "to_valid_utf_8", "func(s str, replacement str) str", a => Value.Str(ToValidUtf8(a[0].AsStr(), a[1].AsStr())));
        Add(r, "trim", "func(s str, cutset str) str", a => Value.Str(Trim(a[0].AsStr(), a[1].AsStr(), true, true)));
        Add(r, "trim_left", "func(s str, cutset str) str", a => Value.Str(Trim(a[0].AsStr(), a[1].AsStr(), true, false)));
        Add(r, "trim_prefix", "func(s str, prefix str) str", a => Value.Str(a[0].AsStr().StartsWith(a[1].AsStr(), Ordinal) ? a[0].AsStr()[a[1].AsStr().Length..] : a[0].AsStr()));
        Add(r, "trim_right", "func(s str, cutset str) str", a => Value.Str(Trim(a[0].AsStr(), a[1].AsStr(), false, true)));
        Add(r, "trim_space", "func(s str) str", a => Value.Str(a[0].AsStr().Trim()));
        Add(r, "trim_suffix", "func(s str, suffix str) str", a => Value.Str(a[0].AsStr().EndsWith(a[1].AsStr(), Ordinal) ? a[0].AsStr()[..^a[1].AsStr().Length] : a[0].AsStr()));
    }

    private static void Add(FunctionRegistry r, string name, string signature, Func<IReadOnlyList<Value>, Value> body) =>
        r.Add(Package, new SimpleFunction(name, signature, body, description: $"Go's strings.{GoName.Of(name)}."));
}
