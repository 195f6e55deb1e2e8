using System.Globalization;
using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.ExampleFunctions;

/// <summary>The <c>example</c> and <c>example/nested</c> packages: small demonstration functions.</summary>
internal static class ExamplePackage
{
    public const string Name = "example";
    public const string NestedName = "example/nested";

    public static void Register(FunctionRegistry registry) => registry
        .Add(Name, new SimpleFunction("answer", "func() int", _ => Value.Int(42), description: "The answer: 42."))
        .Add(Name, new TypedFunction("errorbool", "func(a bool) str",
            (_, _, a) => a[0].AsBool()
                ? throw new FunctionException("example.errorbool failed because it was asked to (its argument is true)")
                : Value.Str("set input to true to generate an error"),
            description: "Fails when given true; otherwise returns a reminder of how to make it fail.",
            pure: false))
        .Add(Name, new StreamFunction("flipflop", "func() bool", _ => new FlipFlopStream(),
            "A bool that flips every five seconds."))
        .Add(Name, new SimpleFunction("int2str", "func(a int) str",
            a => Value.Str(a[0].AsInt().ToString(CultureInfo.InvariantCulture)), description: "The int as a string."))
        .Add(Name, new SimpleFunction("str2int", "func(a str) int", a => Value.Int(ParseOrZero(a[0].AsStr())),
            description: "The string as an int, or 0 when it is not one."))
        .Add(Name, new SimpleFunction("plus", "func(a str, b str) str", a => Value.Str(a[0].AsStr() + a[1].AsStr()),
            description: "The two strings joined."))
        .Add(Name, new StreamFunction("vumeter", "func(symbol str, multiplier int, peak float) str", _ => new VuMeterStream(),
            "A text VU meter of the microphone level, updated every second."))
        // The reference writes these two in mcl inside its binary; here they are plain functions with the same answers.
        .Add(Name, new SimpleFunction("nativeanswer", "func() int", _ => Value.Int(42), description: "The answer again: 42."))
        .Add(Name, new SimpleFunction("test1", "func() int", _ => Value.Int(42), description: "A test function: 42."))
        .AddVariable(Name, "test1", Value.Int(13))
        .Add(NestedName, new SimpleFunction("hello", "func() str", _ => Value.Str("Hello!"), description: "Says hello."));

    private static long ParseOrZero(string s)
    {
        try
        {
            return GoParse.Int(s);
        }
        catch (CatchableException)
        {
            return 0;
        }
    }
}
