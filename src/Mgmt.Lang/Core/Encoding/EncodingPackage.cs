using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Types;

namespace Mgmt.Lang.Core.EncodingFunctions;

/// <summary>The <c>encoding</c> package: base64 and JSON decoding.</summary>
internal static class EncodingPackage
{
    public const string Name = "encoding";

    public static void Register(FunctionRegistry registry) => registry
        .Add(Name, new SimpleFunction("base64_encode", "func(s str) str",
            a => Value.Str(System.Convert.ToBase64String(GoStrings.Bytes(a[0].AsStr()))),
            description: "The standard base64 encoding of the string's UTF-8 bytes."))
        .Add(Name, new SimpleFunction("base64_decode", "func(s str) str", a => Value.Str(Base64Decode(a[0].AsStr())),
            description: "Decodes standard base64; invalid input is a catchable error."))
        .Add(Name, DecodeJson("decode_json", flexible: false))
        .Add(Name, DecodeJson("decode_json_flexible", flexible: true));

    private static string Base64Decode(string s)
    {
        try
        {
            return GoStrings.FromBytes(System.Convert.FromBase64String(s));
        }
        catch (FormatException)
        {
            throw new CatchableException($"{GoFormat.Quote(s.Length > 60 ? s[..60] + "..." : s)} is not valid base64");
        }
    }

    /// <summary>
    /// <c>decode_json(data[, type])</c>: the result type comes from the constant type string when given, or else
    /// from how the result is used.
    /// </summary>
    private static BuiltinFunction DecodeJson(string name, bool flexible) => new PolymorphicFunction(
        name,
        site =>
        {
            Arity.Range($"encoding.{name}", site, 1, 2);
            DataType result = new TypeVariable();
            if (site.ArgCount == 2 && site.StaticArg(1) is StrValue spec) result = ParseType(name, spec.V);
            return site.ArgCount == 1
                ? TypeRules.Func(result, ("data", DataType.Str))
                : TypeRules.Func(result, ("data", DataType.Str), ("type", DataType.Str));
        },
        (type, _, a) =>
        {
            if (a.Count == 2 && !ParseRuntimeType(name, a[1].AsStr()).Equals(type.Result))
            {
                throw new FunctionException($"encoding.{name}: the type {GoFormat.Quote(a[1].AsStr())} changed from {type.Result} while running");
            }
            return JsonDecoder.Decode(a[0].AsStr(), type.Result, flexible);
        },
        flexible
            ? "Decodes JSON into a value of the given type; missing struct fields get zero values."
            : "Decodes JSON into a value of the given type (from the type string or from how the result is used).")
    {
        OnCheck = (t, _) =>
        {
            if (TypeRules.ContainsFunc(t.Result) || t.Result == DataType.Variant)
            {
                throw new TypeCheckException($"encoding.{name} cannot produce a {t.Result}");
            }
        },
    };

    private static DataType ParseType(string name, string text)
    {
        try
        {
            return DataType.Parse(text);
        }
        catch (FormatException e)
        {
            throw new TypeCheckException($"encoding.{name}: {GoFormat.Quote(text)} is not a type: {e.Message}");
        }
    }

    private static DataType ParseRuntimeType(string name, string text)
    {
        try
        {
            return DataType.Parse(text);
        }
        catch (FormatException e)
        {
            throw new FunctionException($"encoding.{name}: {GoFormat.Quote(text)} is not a type: {e.Message}");
        }
    }
}
