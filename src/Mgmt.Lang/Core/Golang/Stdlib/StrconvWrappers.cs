using System.Globalization;
using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.GolangFunctions.Stdlib;

/// <summary><c>golang/strconv</c>: Go's number and quoting conversions. Parse failures stop the program, as in the reference.</summary>
internal static class StrconvWrappers
{
    public const string Package = "golang/strconv";

    public static void Register(FunctionRegistry r)
    {
        Add(r, "append_bool", "func(dst str, b bool) str", a => Value.Str(a[0].AsStr() + (a[1].AsBool() ? "true" : "false")));
        Add(r, "append_int", "func(dst str, i int, base int) str", a => Value.Str(a[0].AsStr() + FormatInt(a[1].AsInt(), a[2].AsInt())));
        Add(r, "append_quote", "func(dst str, s str) str", a => Value.Str(a[0].AsStr() + GoQuoting.Quote(a[1].AsStr(), GoQuoting.Mode.Printable)));
        Add(r, "append_quote_to_ascii", "func(dst str, s str) str", a => Value.Str(a[0].AsStr() + GoQuoting.Quote(a[1].AsStr(), GoQuoting.Mode.Ascii)));
        Add(r, "append_quote_to_graphic", "func(dst str, s str) str", a => Value.Str(a[0].AsStr() + GoQuoting.Quote(a[1].AsStr(), GoQuoting.Mode.Graphic)));
        Add(r, "atoi", "func(s str) int", a => Value.Int(Fatal(() => GoParse.Int(a[0].AsStr()))));
        Add(r, "can_backquote", "func(s str) bool", a => Value.Bool(GoQuoting.CanBackquote(a[0].AsStr())));
        Add(r, "format_bool", "func(b bool) str", a => Value.Str(a[0].AsBool() ? "true" : "false"));
        Add(r, "format_int", "func(i int, base int) str", a => Value.Str(FormatInt(a[0].AsInt(), a[1].AsInt())));
        Add(r, "itoa", "func(i int) str", a => Value.Str(a[0].AsInt().ToString(CultureInfo.InvariantCulture)));
        Add(r, "parse_bool", "func(s str) bool", a => Value.Bool(Fatal(() => GoParse.Bool(a[0].AsStr()))));
        Add(r, "parse_float", "func(s str, bitSize int) float", a => Value.Float(ParseFloat(a[0].AsStr(), a[1].AsInt())));
        Add(r, "parse_int", "func(s str, base int, bitSize int) int", a => Value.Int(ParseInt(a[0].AsStr(), a[1].AsInt(), a[2].AsInt())));
        Add(r, "quote", "func(s str) str", a => Value.Str(GoQuoting.Quote(a[0].AsStr(), GoQuoting.Mode.Printable)));
        Add(r, "quote_to_ascii", "func(s str) str", a => Value.Str(GoQuoting.Quote(a[0].AsStr(), GoQuoting.Mode.Ascii)));
        Add(r, "quote_to_graphic", "func(s str) str", a => Value.Str(GoQuoting.Quote(a[0].AsStr(), GoQuoting.Mode.Graphic)));
        Add(r, "quoted_prefix", "func(s str) str", a => Value.Str(a[0].AsStr()[..GoQuoting.ReadLiteral(a[0].AsStr()).Length]));
        Add(r, "unquote", "func(s str) str", a => Value.Str(Unquote(a[0].AsStr())));
    }

    private static void Add(FunctionRegistry r, string name, string signature, Func<IReadOnlyList<Value>, Value> body) =>
        r.Add(Package, new SimpleFunction(name, signature, body, description: $"Go's strconv.{GoName.Of(name)}."));

    private static T Fatal<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (CatchableException e)
        {
            throw new FunctionException(e.Message);
        }
    }

    internal static string FormatInt(long value, long radix)
    {
        if (radix is < 2 or > 36) throw new FunctionException($"golang/strconv: base {radix} is not between 2 and 36");
        if (value == 0) return "0";
        var negative = value < 0;
        var magnitude = negative ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        var digits = new Stack<char>();
        while (magnitude > 0)
        {
            digits.Push("0123456789abcdefghijklmnopqrstuvwxyz"[(int)(magnitude % (ulong)radix)]);
            magnitude /= (ulong)radix;
        }
        return (negative ? "-" : "") + string.Concat(digits);
    }

    /// <summary>Go's strconv.ParseInt: base 0 reads a 0x, 0o, 0b or 0 prefix (and allows '_' between digits).</summary>
    internal static long ParseInt(string s, long radix, long bits)
    {
        string Fail(string why) => throw new FunctionException($"strconv.ParseInt: parsing {GoFormat.Quote(s)}: {why}");
        if (radix != 0 && radix is < 2 or > 36) throw new FunctionException($"strconv.ParseInt: parsing {GoFormat.Quote(s)}: invalid base {radix}");
        if (bits is < 0 or > 64) throw new FunctionException($"strconv.ParseInt: parsing {GoFormat.Quote(s)}: invalid bit size {bits}");
        if (bits == 0) bits = 64;
        var text = s;
        var negative = false;
        if (text.Length > 0 && text[0] is '+' or '-')
        {
            negative = text[0] == '-';
            text = text[1..];
        }
        var underscores = false;
        if (radix == 0)
        {
            radix = 10;
            underscores = true;
            if (text.Length > 1 && text[0] == '0')
            {
                (radix, text) = char.ToLowerInvariant(text[1]) switch
                {
                    'x' => (16L, text[2..]),
                    'o' => (8L, text[2..]),
                    'b' => (2L, text[2..]),
                    _ => (8L, text[1..]),
                };
            }
        }
        if (text.Length == 0) Fail("invalid syntax");
        var limit = bits == 64 ? (negative ? (ulong)long.MaxValue + 1 : long.MaxValue) : (negative ? 1UL << (int)(bits - 1) : (1UL << (int)(bits - 1)) - 1);
        ulong value = 0;
        var overflow = false;
        var previousUnderscore = true; // a leading '_' is not allowed
        foreach (var c in text)
        {
            if (c == '_' && underscores && !previousUnderscore)
            {
                previousUnderscore = true;
                continue;
            }
            var digit = c is >= '0' and <= '9' ? c - '0' : char.ToLowerInvariant(c) is >= 'a' and <= 'z' ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (digit >= radix) Fail("invalid syntax");
            previousUnderscore = false;
            if (value > (limit - (ulong)digit) / (ulong)radix) overflow = true;
            else value = value * (ulong)radix + (ulong)digit;
        }
        if (previousUnderscore) Fail("invalid syntax");
        if (overflow) Fail("value out of range");
        return negative ? (long)(0 - value) : (long)value;
    }

    private static double ParseFloat(string s, long bits)
    {
        var v = Fatal(() => GoParse.Float(s));
        return bits == 32 ? (float)v : v;
    }

    private static string Unquote(string s)
    {
        var (value, length) = GoQuoting.ReadLiteral(s);
        if (length != s.Length) throw new FunctionException($"{GoFormat.Quote(s)} has text after its closing quote");
        return value;
    }
}
