using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.MathFunctions;

/// <summary>The <c>math</c> package.</summary>
internal static class MathPackage
{
    public const string Name = "math";

    public static void Register(FunctionRegistry registry) => registry
        .Add(Name, new TypedFunction(
            "fortytwo",
            "func() ?1",
            (type, _, _) => type.Result == DataType.Int ? Value.Int(42) : Value.Float(42),
            t => TypeRules.RequireOneOf("the result of math.fortytwo", t.Result, DataType.Int, DataType.Float),
            "42, as an int or a float depending on how the result is used."))
        .Add(Name, new SimpleFunction("minus1", "func(x int) int", a => Value.Int(unchecked(a[0].AsInt() - 1)),
            description: "Its argument minus one."))
        .Add(Name, new SimpleFunction(
            "mod",
            "func(x ?1, y ?1) ?1",
            a => Mod(a[0], a[1]),
            t => TypeRules.RequireOneOf("the arguments of math.mod", t.Parameters[0].Type, DataType.Int, DataType.Float),
            "The remainder of x divided by y, with the sign of x (Go's % and math.Mod)."))
        .Add(Name, new SimpleFunction("pow", "func(x float, y float) float", a => Value.Float(Math.Pow(a[0].AsFloat(), a[1].AsFloat())),
            description: "x to the power y."))
        .Add(Name, new SimpleFunction("sqrt", "func(x float) float", a => Sqrt(a[0].AsFloat()),
            description: "The square root; a negative argument is a catchable error."));

    private static Value Mod(Value x, Value y)
    {
        if (x is IntValue xi)
        {
            var d = y.AsInt();
            if (d == 0) throw new CatchableException($"math.mod: division by zero ({xi.V} mod 0)");
            // long.MinValue % -1 overflows in .NET; Go defines the result as 0.
            return Value.Int(d == -1 ? 0 : xi.V % d);
        }
        var divisor = y.AsFloat();
        if (divisor == 0) throw new CatchableException($"math.mod: division by zero ({x} mod 0)");
        // .NET's % on doubles is C's fmod: the sign of x and a magnitude below |y|, as Go's math.Mod.
        return Value.Float(x.AsFloat() % divisor);
    }

    private static Value Sqrt(double x)
    {
        if (x < 0) throw new CatchableException($"math.sqrt: cannot take the square root of a negative number ({GoFormat.Float(x)})");
        return Value.Float(Math.Sqrt(x));
    }
}
