using System.Globalization;
using Mgmt.Engine.Values;
using Mgmt.Lang.Core.FmtFunctions;

namespace Mgmt.Lang.Core.GolangFunctions.TextTemplate;

/// <summary>
/// A number written in a template. Like a Go untyped constant it becomes an int or a float where it is used; on
/// its own it is an int when written without a point or exponent.
/// </summary>
internal sealed record NumberLiteral(string Text, long? Int, double Float, bool FloatSyntax)
{
    public bool IsInt => Int is not null;

    /// <summary>The mcl value it stands for when nothing asks for a particular type: 3 is an int, 3.0 a float.</summary>
    public Value Natural => !FloatSyntax && Int is { } i ? Value.Int(i) : Value.Float(Float);

    public static NumberLiteral FromRune(int rune, string text) => new(text, rune, rune, false);

    public static NumberLiteral Parse(string text, Func<string, Exception> error)
    {
        var body = text.Replace("_", "", StringComparison.Ordinal);
        var negative = body.StartsWith('-');
        var digits = body.TrimStart('+', '-');
        long? asInt = null;
        double? asFloat = null;
        try
        {
            if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && !digits.Contains('p', StringComparison.OrdinalIgnoreCase) && !digits.Contains('.'))
            {
                asInt = Convert.ToInt64(digits[2..], 16);
            }
            else if (digits.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
            {
                asInt = Convert.ToInt64(digits[2..], 2);
            }
            else if (digits.StartsWith("0o", StringComparison.OrdinalIgnoreCase))
            {
                asInt = Convert.ToInt64(digits[2..], 8);
            }
            else if (digits.Length > 1 && digits[0] == '0' && digits.All(char.IsAsciiDigit))
            {
                asInt = Convert.ToInt64(digits, 8);
            }
            else if (digits.All(char.IsAsciiDigit) && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var l))
            {
                asInt = l;
            }
            else if (double.TryParse(digits, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d))
            {
                asFloat = d;
                // A float that is a whole number (1e3, 2.0) still works where an int is wanted, as in Go.
                if (d == Math.Floor(d) && Math.Abs(d) < 9.2e18) asInt = (long)d;
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw error($"bad number syntax: {text}");
        }
        if (asInt is null && asFloat is null) throw error($"bad number syntax: {text}");
        if (negative)
        {
            asInt = -asInt;
            asFloat = -asFloat;
        }
        var floatSyntax = asFloat is not null && !digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        return new NumberLiteral(text, asInt, asFloat ?? asInt!.Value, floatSyntax);
    }
}

/// <summary>The nil constant of templates.</summary>
internal sealed class TemplateNil
{
    public static readonly TemplateNil Instance = new();

    private TemplateNil()
    {
    }

    public override string ToString() => "<nil>";
}

/// <summary>
/// Helpers over template values: an mcl <see cref="Value"/>, a <see cref="NumberLiteral"/>,
/// <see cref="TemplateNil"/>, or null for "no value" (nothing was passed as data).
/// </summary>
internal static class TemplateValues
{
    public static string Print(object? v) => v switch
    {
        null => "<no value>",
        TemplateNil => "<nil>",
        NumberLiteral n => ValueFormatter.Plain(n.Natural, PrintStyle.Go),
        Value value => ValueFormatter.Plain(value, PrintStyle.Go),
        _ => v.ToString() ?? "",
    };

    /// <summary>Go's truth for if/with/and/or/not: false, 0, empty and nil are false; structs are true.</summary>
    public static bool IsTrue(object? v) => v switch
    {
        null or TemplateNil => false,
        NumberLiteral n => n.IsInt ? n.Int != 0 : n.Float != 0,
        BoolValue b => b.V,
        StrValue s => s.V.Length > 0,
        IntValue i => i.V != 0,
        FloatValue f => f.V != 0,
        ListValue l => l.Count > 0,
        MapValue m => m.Count > 0,
        _ => true,
    };

    /// <summary>A short description of a value's type for error messages.</summary>
    public static string TypeName(object? v) => v switch
    {
        null => "no value",
        TemplateNil => "nil",
        NumberLiteral n => n.IsInt ? "int" : "float",
        Value value => value.Type.ToString(),
        _ => v.GetType().Name,
    };

    /// <summary>The mcl value for a template value, for printing and for calls that take any type.</summary>
    public static Value? AsValue(object? v) => v switch
    {
        Value value => value,
        NumberLiteral n => n.Natural,
        _ => null,
    };
}
