using System.Security.Cryptography;
using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Types;

namespace Mgmt.Lang.Core.Builtins;

/// <summary>
/// The functions every program sees without an import: <c>len</c>, <c>concat</c>, <c>contains</c>,
/// <c>random1</c>, <c>panic</c>, the legacy lookups, and the internal ones the syntax lowers to.
/// </summary>
internal static class BuiltinsPackage
{
    /// <summary>Upper bound for <c>random1</c>, so a typo cannot allocate gigabytes.</summary>
    private const long MaxRandomLength = 1 << 20;

    private const string RandomAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static void Register(FunctionRegistry registry)
    {
        registry
            .Add("", Len())
            .Add("", Concat())
            .Add("", new SimpleFunction(
                "contains",
                "func(needle ?1, haystack []?1) bool",
                a => Value.Bool(a[1].AsList().Items.Any(x => GoEquality.Equal(x, a[0]))),
                t => { if (TypeRules.ContainsFunc(t.Parameters[0].Type)) throw new TypeCheckException("contains cannot compare functions"); },
                "True when the list holds a value equal to the needle (the 'in' operator)."))
            .Add("", new TypedFunction(
                "random1",
                "func(length int) str",
                (_, _, a) => Value.Str(RandomString(a[0].AsInt())),
                description: "A random alphanumeric string of the given length, new for each length.",
                pure: false))
            .Add("", new SimpleFunction("panic", "func(x ?1) bool", a => Panic(a[0]),
                t => TypeRules.RequireOneOf("the argument of panic", t.Parameters[0].Type, DataType.Bool, DataType.Str),
                "Stops the program when given true or a non-empty string; otherwise returns false."))
            .Add("", new SimpleFunction("panic_debug", "func(x bool, msg str) bool",
                a => a[0].AsBool() ? throw new FunctionException($"panic: {a[1].AsStr()}") : Value.Bool(false),
                description: "Stops the program with the message when the condition is true; otherwise returns false."))
            .Add("", LookupFunctions.ListLookup("list_lookup"))
            .Add("", LookupFunctions.MapLookup("map_lookup"))
            .Add("", new OperatorFunction())
            .Add("", LookupFunctions.Lookup())
            .Add("", StructLookupFunctions.Required())
            .Add("", StructLookupFunctions.Optional());
    }

    private static BuiltinFunction Len() => new SimpleFunction(
        "len",
        "func(a ?1) int",
        a => Value.Int(a[0] switch
        {
            StrValue s => GoStrings.ByteLength(s.V),
            ListValue l => l.Count,
            MapValue m => m.Count,
            var other => throw new FunctionException($"len cannot measure a {other.Type}"),
        }),
        t =>
        {
            var arg = t.Parameters[0].Type;
            if (arg != DataType.Str && arg is not ListType && arg is not MapType)
            {
                throw new TypeCheckException($"len needs a str, a list or a map, not a {arg}");
            }
        },
        "The length of a string (in bytes), a list or a map.");

    /// <summary><c>concat(a, b, ...)</c>: joins strings; string interpolation lowers to it.</summary>
    private static BuiltinFunction Concat() => new PolymorphicFunction(
        "concat",
        site =>
        {
            Arity.AtLeast("concat", site, 1);
            return DataType.Func(
                [.. Enumerable.Range(0, site.ArgCount).Select(i => new FuncParam(SignatureParser.ArgName(i), DataType.Str))],
                DataType.Str);
        },
        (_, _, a) => Value.Str(string.Concat(a.Select(v => v.AsStr()))),
        "Joins strings end to end.");

    private static Value Panic(Value x) => x switch
    {
        BoolValue { V: true } => throw new FunctionException("panic: the program called panic(true)"),
        StrValue { V.Length: > 0 } s => throw new FunctionException($"panic: {s.V}"),
        _ => Value.Bool(false),
    };

    private static string RandomString(long length)
    {
        if (length < 0) throw new FunctionException($"random1 needs a length of 0 or more, not {length}");
        if (length > MaxRandomLength) throw new FunctionException($"random1 length {length} is too large (max {MaxRandomLength})");
        return RandomNumberGenerator.GetString(RandomAlphabet, (int)length);
    }
}
