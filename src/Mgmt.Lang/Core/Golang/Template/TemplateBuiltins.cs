using System.Globalization;
using System.Text;
using Mgmt.Engine.Values;
using Mgmt.Lang.Core.FmtFunctions;
using Mgmt.Lang.Core.GolangFunctions.Stdlib;
using Mgmt.Lang.Core.Support;

namespace Mgmt.Lang.Core.GolangFunctions.TextTemplate;

/// <summary>
/// The functions every Go template has: comparisons, <c>len</c>, <c>index</c>, <c>slice</c>, the print family and
/// the escapers. (<c>and</c>, <c>or</c> and <c>not</c> live in the executor because they evaluate lazily.)
/// </summary>
internal static class TemplateBuiltins
{
    public static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "and", "or", "not", "len", "index", "slice", "print", "printf", "println", "html", "js", "urlquery",
        "eq", "ne", "lt", "le", "gt", "ge", "call",
    };

    public static object? Call(string name, IReadOnlyList<object?> args) => name switch
    {
        "len" => Value.Int(Len(Single(name, args))),
        "index" => Index(args),
        "slice" => Slice(args),
        "print" => Value.Str(Sprint(args)),
        "println" => Value.Str(string.Join(" ", args.Select(TemplateValues.Print)) + "\n"),
        "printf" => Value.Str(Printf(args)),
        "html" => Value.Str(Html(Text(args))),
        "js" => Value.Str(Js(Text(args))),
        "urlquery" => Value.Str(UrlQuery(Text(args))),
        "eq" => Value.Bool(Eq(args)),
        "ne" => Value.Bool(!Equal(Exactly(name, args, 2)[0], args[1])),
        "lt" => Value.Bool(Compare(name, Exactly(name, args, 2)) < 0),
        "le" => Value.Bool(Compare(name, Exactly(name, args, 2)) <= 0),
        "gt" => Value.Bool(Compare(name, Exactly(name, args, 2)) > 0),
        "ge" => Value.Bool(Compare(name, Exactly(name, args, 2)) >= 0),
        "call" => throw new TemplateException("call is not available: mcl values passed to templates hold no functions"),
        _ => throw new TemplateException($"function \"{name}\" is not defined"),
    };

    private static object? Single(string name, IReadOnlyList<object?> args) => Exactly(name, args, 1)[0];

    private static IReadOnlyList<object?> Exactly(string name, IReadOnlyList<object?> args, int count) =>
        args.Count == count ? args : throw new TemplateException($"{name} takes {count} argument(s), but {args.Count} were given");

    private static long Len(object? v) => v switch
    {
        StrValue s => GoStrings.ByteLength(s.V),
        ListValue l => l.Count,
        MapValue m => m.Count,
        StructValue s => s.Fields.Length,
        _ => throw new TemplateException($"len of {TemplateValues.TypeName(v)} is not defined"),
    };

    private static object? Index(IReadOnlyList<object?> args)
    {
        if (args.Count == 0) throw new TemplateException("index needs at least the value to index");
        var item = args[0];
        foreach (var key in args.Skip(1))
        {
            item = item switch
            {
                ListValue l => l[(int)IndexNumber(key, l.Count, "index")],
                StrValue s => Value.Int(GoStrings.Bytes(s.V)[IndexNumber(key, GoStrings.ByteLength(s.V), "index")]),
                MapValue m => m.TryGet(TemplateFunctionTable.ConvertArgument("index", 1, key, m.Type.Key), out var v) ? v : Value.Zero(m.Type.Value),
                StructValue st when key is StrValue name => st.Type.Fields.Select((f, i) => (f, i))
                    .Where(p => GoStrings.Title(p.f.Name) == name.V).Select(p => (object?)st.Fields[p.i]).FirstOrDefault(),
                null or TemplateNil => throw new TemplateException("index of a nil value"),
                _ => throw new TemplateException($"cannot index a {TemplateValues.TypeName(item)}"),
            };
        }
        return item;
    }

    private static long IndexNumber(object? key, long length, string what)
    {
        var i = key switch
        {
            IntValue v => v.V,
            NumberLiteral { Int: { } n } => n,
            _ => throw new TemplateException($"{what}: cannot use {TemplateValues.TypeName(key)} as an index"),
        };
        if (i < 0 || i >= length) throw new TemplateException($"{what}: index {i} out of range (length {length})");
        return i;
    }

    private static object? Slice(IReadOnlyList<object?> args)
    {
        if (args.Count is 0 or > 4) throw new TemplateException("slice takes a value and up to 3 indexes");
        var item = args[0];
        var length = item switch
        {
            StrValue s => GoStrings.ByteLength(s.V),
            ListValue l => l.Count,
            _ => throw new TemplateException($"cannot slice a {TemplateValues.TypeName(item)}"),
        };
        if (item is StrValue && args.Count == 4) throw new TemplateException("cannot use a 3-index slice on a string");
        var bounds = args.Skip(1).Select(a => a switch
        {
            IntValue v => v.V,
            NumberLiteral { Int: { } n } => n,
            _ => throw new TemplateException($"slice: cannot use {TemplateValues.TypeName(a)} as an index"),
        }).ToArray();
        var low = bounds.Length > 0 ? bounds[0] : 0;
        var high = bounds.Length > 1 ? bounds[1] : length;
        var max = bounds.Length > 2 ? bounds[2] : length;
        if (low < 0 || high < low || max < high || max > length) throw new TemplateException($"slice: indexes [{low}:{high}] out of range (length {length})");
        return item switch
        {
            StrValue s => GoStrings.TrySlice(s.V, low, high, out var r) ? Value.Str(r) : throw new TemplateException("slice out of range"),
            ListValue l => new ListValue(l.Type, [.. l.Items.Skip((int)low).Take((int)(high - low))]),
            _ => null,
        };
    }

    /// <summary>Go's fmt.Sprint: a space between two operands when neither is a string.</summary>
    internal static string Sprint(IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0 && args[i] is not StrValue && args[i - 1] is not StrValue) sb.Append(' ');
            sb.Append(TemplateValues.Print(args[i]));
        }
        return sb.ToString();
    }

    private static string Text(IReadOnlyList<object?> args) => args is [StrValue s] ? s.V : Sprint(args);

    /// <summary>Go's Sprintf in templates: mismatches are written into the output (%!d(str=x)) instead of failing.</summary>
    private static string Printf(IReadOnlyList<object?> args)
    {
        if (args.Count == 0 || args[0] is not StrValue format) throw new TemplateException("printf needs a format string first");
        FormatString parsed;
        try
        {
            parsed = FormatString.Parse(format.V);
        }
        catch (FormatException e)
        {
            throw new TemplateException($"printf: invalid format {GoFormat.Quote(format.V)}: {e.Message}");
        }
        var sb = new StringBuilder();
        var next = 1;
        foreach (var part in parsed.Parts)
        {
            if (part is string literal)
            {
                sb.Append(literal);
                continue;
            }
            var d = (FormatDirective)part;
            if (next >= args.Count)
            {
                sb.Append("%!").Append(d.Verb).Append("(MISSING)");
                continue;
            }
            var arg = args[next++];
            var value = TemplateValues.AsValue(arg);
            if (value is null)
            {
                sb.Append(d.Verb is 'v' or 's' ? TemplateValues.Print(arg) : $"%!{d.Verb}({TemplateValues.Print(arg)})");
                continue;
            }
            if (arg is NumberLiteral n && d.ArgumentType == DataType.Float) value = Value.Float(n.Float);
            if (d.ArgumentType is { } expected && value.Type != expected)
            {
                sb.Append("%!").Append(d.Verb).Append('(').Append(value.Type).Append('=').Append(ValueFormatter.Plain(value, PrintStyle.Go)).Append(')');
                continue;
            }
            sb.Append(ValueFormatter.Format(d, value, PrintStyle.Go));
        }
        if (next < args.Count)
        {
            sb.Append("%!(EXTRA ").Append(string.Join(", ", args.Skip(next).Select(a => $"{TemplateValues.TypeName(a)}={TemplateValues.Print(a)}"))).Append(')');
        }
        return sb.ToString();
    }

    internal static string Html(string s) => HostWrappers.HtmlEscape(s).Replace("\0", "\uFFFD");

    internal static string Js(string s)
    {
        var sb = new StringBuilder();
        foreach (var r in s.EnumerateRunes())
        {
            var c = r.Value;
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\'': sb.Append("\\'"); break;
                case '"': sb.Append("\\\""); break;
                case '<': sb.Append("\\u003C"); break;
                case '>': sb.Append("\\u003E"); break;
                case '&': sb.Append("\\u0026"); break;
                case '=': sb.Append("\\u003D"); break;
                case < ' ':
                    sb.Append("\\u").Append(c.ToString("X4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (c < 0x80 || GoFormat.IsPrint(c)) sb.Append(r.ToString());
                    else sb.Append("\\u").Append(c.ToString("X4", CultureInfo.InvariantCulture));
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Go's url.QueryEscape: unreserved characters kept, spaces as '+', the rest %XX.</summary>
    internal static string UrlQuery(string s)
    {
        var sb = new StringBuilder();
        foreach (var b in GoStrings.Bytes(s))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~') sb.Append(c);
            else if (c == ' ') sb.Append('+');
            else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private enum Kind
    {
        Bool,
        Int,
        Float,
        Str,
        Nil,
        Other,
    }

    private static Kind KindOf(object? v) => v switch
    {
        BoolValue => Kind.Bool,
        IntValue => Kind.Int,
        FloatValue => Kind.Float,
        StrValue => Kind.Str,
        NumberLiteral n => n.Natural is IntValue ? Kind.Int : Kind.Float,
        null or TemplateNil => Kind.Nil,
        _ => Kind.Other,
    };

    private static bool Eq(IReadOnlyList<object?> args)
    {
        if (args.Count < 2) throw new TemplateException("eq needs at least two arguments to compare");
        return args.Skip(1).Any(a => Equal(args[0], a));
    }

    private static bool Equal(object? a, object? b)
    {
        var (ka, kb) = (KindOf(a), KindOf(b));
        if (ka == Kind.Nil || kb == Kind.Nil) return ka == kb;
        if (ka != kb) throw new TemplateException($"cannot compare {TemplateValues.TypeName(a)} with {TemplateValues.TypeName(b)}");
        if (ka == Kind.Other) throw new TemplateException($"cannot compare {TemplateValues.TypeName(a)} values; only bool, int, float and str compare");
        return GoEquality.Equal(TemplateValues.AsValue(a)!, TemplateValues.AsValue(b)!);
    }

    private static int Compare(string name, IReadOnlyList<object?> args)
    {
        var (a, b) = (args[0], args[1]);
        var (ka, kb) = (KindOf(a), KindOf(b));
        if (ka != kb) throw new TemplateException($"{name}: cannot compare {TemplateValues.TypeName(a)} with {TemplateValues.TypeName(b)}");
        var (va, vb) = (TemplateValues.AsValue(a), TemplateValues.AsValue(b));
        return ka switch
        {
            Kind.Int => va!.AsInt().CompareTo(vb!.AsInt()),
            Kind.Float => va!.AsFloat().CompareTo(vb!.AsFloat()),
            Kind.Str => string.CompareOrdinal(va!.AsStr(), vb!.AsStr()),
            _ => throw new TemplateException($"{name}: cannot order {TemplateValues.TypeName(a)} values"),
        };
    }
}
