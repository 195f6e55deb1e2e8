using System.Globalization;
using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.ConvertFunctions;

/// <summary>The <c>convert</c> package: conversions between the basic types. Failed parses are catchable.</summary>
internal static class ConvertPackage
{
    public const string Name = "convert";

    public static void Register(FunctionRegistry registry) => registry
        .Add(Name, new SimpleFunction("format_bool", "func(a bool) str", a => Value.Str(a[0].AsBool() ? "true" : "false"),
            description: "\"true\" or \"false\"."))
        .Add(Name, new SimpleFunction("parse_bool", "func(a str) bool", a => Value.Bool(GoParse.Bool(a[0].AsStr())),
            description: "Parses 1, t, T, TRUE, true, True, 0, f, F, FALSE, false or False."))
        .Add(Name, new SimpleFunction("str_to_float", "func(a str) float", a => Value.Float(GoParse.Float(a[0].AsStr())),
            description: "Parses a decimal or scientific float; a bad string is a catchable error."))
        .Add(Name, new SimpleFunction("str_to_int", "func(a str) int", a => Value.Int(GoParse.Int(a[0].AsStr())),
            description: "Parses a base-10 int; a bad string is a catchable error."))
        .Add(Name, new SimpleFunction("to_float", "func(a int) float", a => Value.Float(a[0].AsInt()),
            description: "The int as a float."))
        .Add(Name, new SimpleFunction("to_int", "func(a float) int", a => Value.Int(ToInt(a[0].AsFloat())),
            description: "The float as an int, truncated toward zero."))
        .Add(Name, new SimpleFunction("int_to_str", "func(a int) str",
            a => Value.Str(a[0].AsInt().ToString(CultureInfo.InvariantCulture)), description: "The int in base 10."));

    private static long ToInt(double f)
    {
        if (double.IsNaN(f) || f >= 9.2233720368547758E18 || f < -9.2233720368547758E18)
        {
            throw new CatchableException($"convert.to_int: {GoFormat.Float(f)} does not fit in an int");
        }
        return (long)f;
    }
}
