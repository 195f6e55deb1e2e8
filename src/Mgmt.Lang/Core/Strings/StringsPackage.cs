using System.Text;
using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.StringsFunctions;

/// <summary>The <c>strings</c> package. Lengths and indexes count UTF-8 bytes, as the reference does.</summary>
internal static class StringsPackage
{
    public const string Name = "strings";

    public static void Register(FunctionRegistry registry) => registry
        .Add(Name, Str2("contains", "substr", (s, t) => Value.Bool(s.Contains(t, StringComparison.Ordinal)), "True when s contains substr."))
        .Add(Name, Str2("has_prefix", "prefix", (s, t) => Value.Bool(s.StartsWith(t, StringComparison.Ordinal)), "True when s starts with prefix."))
        .Add(Name, Str2("has_suffix", "suffix", (s, t) => Value.Bool(s.EndsWith(t, StringComparison.Ordinal)), "True when s ends with suffix."))
        .Add(Name, new SimpleFunction("join_nonempty", "func(s []str, sep str) str",
            a => Value.Str(string.Join(a[1].AsStr(), a[0].AsList().Items.Select(x => x.AsStr()).Where(x => x.Length > 0))),
            description: "Joins the non-empty strings of a list with a separator."))
        .Add(Name, new SimpleFunction("left_pad", "func(s str, pad str, len int) str",
            a => Value.Str(Pad(a[0].AsStr(), a[1].AsStr(), a[2].AsInt(), left: true)),
            description: "Prepends copies of pad until s is at least len bytes long (it may overshoot)."))
        .Add(Name, new SimpleFunction("right_pad", "func(s str, pad str, len int) str",
            a => Value.Str(Pad(a[0].AsStr(), a[1].AsStr(), a[2].AsInt(), left: false)),
            description: "Appends copies of pad until s is at least len bytes long (it may overshoot)."))
        .Add(Name, new SimpleFunction("replace_all", "func(s str, old str, new str) str",
            a => Value.Str(ReplaceAll(a[0].AsStr(), a[1].AsStr(), a[2].AsStr())),
            description: "Replaces every occurrence of old with new."))
        .Add(Name, new SimpleFunction("split", "func(a str, b str) []str",
            a => Value.StrList(GoStrings.Split(a[0].AsStr(), a[1].AsStr())),
            description: "Splits a string around each separator; an empty separator splits into characters."))
        .Add(Name, new SimpleFunction("substr", "func(s str, low int, high int) str",
            a => GoStrings.TrySlice(a[0].AsStr(), a[1].AsInt(), a[2].AsInt(), out var r)
                ? Value.Str(r)
                : throw new CatchableException(
                    $"strings.substr: bounds [{a[1].AsInt()}, {a[2].AsInt()}) are outside the {GoStrings.ByteLength(a[0].AsStr())}-byte string"),
            description: "The bytes from low up to high; out-of-range bounds are a catchable error."))
        .Add(Name, new SimpleFunction("to_lower", "func(s str) str", a => Value.Str(a[0].AsStr().ToLowerInvariant()),
            description: "The string in lower case."))
        .Add(Name, new SimpleFunction("to_upper", "func(s str) str", a => Value.Str(a[0].AsStr().ToUpperInvariant()),
            description: "The string in upper case."))
        .Add(Name, new SimpleFunction("trim_space", "func(s str) str", a => Value.Str(GoStrings.TrimSpace(a[0].AsStr())),
            description: "The string without leading and trailing white space."));

    private static SimpleFunction Str2(string name, string second, Func<string, string, Value> body, string description) =>
        new(name, $"func(s str, {second} str) bool", a => body(a[0].AsStr(), a[1].AsStr()), description: description);

    internal static string Pad(string s, string pad, long length, bool left)
    {
        if (pad.Length == 0) return s;
        var sb = new StringBuilder(s);
        var bytes = GoStrings.ByteLength(s);
        var padBytes = GoStrings.ByteLength(pad);
        while (bytes < length)
        {
            if (left) sb.Insert(0, pad);
            else sb.Append(pad);
            bytes += padBytes;
        }
        return sb.ToString();
    }

    /// <summary>Go's ReplaceAll: an empty <paramref name="old"/> inserts <paramref name="replacement"/> around every character.</summary>
    internal static string ReplaceAll(string s, string old, string replacement)
    {
        if (old.Length > 0) return s.Replace(old, replacement, StringComparison.Ordinal);
        var sb = new StringBuilder(replacement);
        foreach (var part in GoStrings.Split(s, "")) sb.Append(part).Append(replacement);
        return sb.ToString();
    }
}
