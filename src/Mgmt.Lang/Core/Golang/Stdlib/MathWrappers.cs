using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.GolangFunctions.Stdlib;

/// <summary>
/// <c>golang/math</c> and <c>golang/math/rand</c>: every function of Go's packages whose arguments and result mcl can
/// hold (the reference generates them from Go's library). The special functions .NET lacks (erf, gamma, Bessel
/// functions) are in <see cref="SpecialMath"/>.
/// </summary>
internal static class MathWrappers
{
    public const string Package = "golang/math";
    public const string RandPackage = "golang/math/rand";

    public static void Register(FunctionRegistry r)
    {
        F1(r, "abs", Math.Abs);
        F1(r, "acos", Math.Acos);
        F1(r, "acosh", Math.Acosh);
        F1(r, "asin", Math.Asin);
        F1(r, "asinh", Math.Asinh);
        F1(r, "atan", Math.Atan);
        Add(r, "atan_2", "func(y float, x float) float", a => Value.Float(Math.Atan2(a[0].AsFloat(), a[1].AsFloat())));
        F1(r, "atanh", Math.Atanh);
        F1(r, "cbrt", Math.Cbrt);
        F1(r, "ceil", Math.Ceiling);
        Add(r, "copysign", "func(f float, sign float) float", a => Value.Float(Math.CopySign(a[0].AsFloat(), a[1].AsFloat())));
        F1(r, "cos", Math.Cos);
        F1(r, "cosh", Math.Cosh);
        Add(r, "dim", "func(x float, y float) float", a => Value.Float(Dim(a[0].AsFloat(), a[1].AsFloat())));
        F1(r, "erf", SpecialMath.Erf);
        F1(r, "erfc", SpecialMath.Erfc);
        F1(r, "erfcinv", SpecialMath.Erfcinv);
        F1(r, "erfinv", SpecialMath.Erfinv);
        F1(r, "exp", Math.Exp);
        F1(r, "exp_2", double.Exp2);
        F1(r, "expm_1", double.ExpM1);
        Add(r, "fma", "func(x float, y float, z float) float", a => Value.Float(Math.FusedMultiplyAdd(a[0].AsFloat(), a[1].AsFloat(), a[2].AsFloat())));
        F1(r, "floor", Math.Floor);
        F1(r, "gamma", SpecialMath.Gamma);
        Add(r, "hypot", "func(p float, q float) float", a => Value.Float(double.Hypot(a[0].AsFloat(), a[1].AsFloat())));
        Add(r, "ilogb", "func(x float) int", a => Value.Int(Ilogb(a[0].AsFloat())));
        Add(r, "inf", "func(sign int) float", a => Value.Float(a[0].AsInt() >= 0 ? double.PositiveInfinity : double.NegativeInfinity));
        Add(r, "is_inf", "func(f float, sign int) bool", a => Value.Bool(IsInf(a[0].AsFloat(), a[1].AsInt())));
        Add(r, "is_na_n", "func(f float) bool", a => Value.Bool(double.IsNaN(a[0].AsFloat())));
        F1(r, "j_0", SpecialMath.J0);
        F1(r, "j_1", SpecialMath.J1);
        Add(r, "jn", "func(n int, x float) float", a => Value.Float(SpecialMath.Jn(a[0].AsInt(), a[1].AsFloat())));
        Add(r, "ldexp", "func(frac float, exp int) float", a => Value.Float(Math.ScaleB(a[0].AsFloat(), (int)Math.Clamp(a[1].AsInt(), -100000, 100000))));
        F1(r, "log", Math.Log);
        F1(r, "log_10", Math.Log10);
        F1(r, "log_1_p", double.LogP1);
        F1(r, "log_2", Math.Log2);
        F1(r, "logb", Logb);
        Add(r, "max", "func(x float, y float) float", a => Value.Float(Math.Max(a[0].AsFloat(), a[1].AsFloat())));
        Add(r, "min", "func(x float, y float) float", a => Value.Float(Math.Min(a[0].AsFloat(), a[1].AsFloat())));
        Add(r, "mod", "func(x float, y float) float", a => Value.Float(a[0].AsFloat() % a[1].AsFloat()));
        Add(r, "na_n", "func() float", _ => Value.Float(double.NaN));
        Add(r, "nextafter", "func(x float, y float) float", a => Value.Float(SpecialMath.Nextafter(a[0].AsFloat(), a[1].AsFloat())));
        Add(r, "pow", "func(x float, y float) float", a => Value.Float(Math.Pow(a[0].AsFloat(), a[1].AsFloat())));
        Add(r, "pow_10", "func(n int) float", a => Value.Float(Math.Pow(10, a[0].AsInt())));
        Add(r, "remainder", "func(x float, y float) float", a => Value.Float(Math.IEEERemainder(a[0].AsFloat(), a[1].AsFloat())));
        F1(r, "round", x => Math.Round(x, MidpointRounding.AwayFromZero));
        F1(r, "round_to_even", x => Math.Round(x, MidpointRounding.ToEven));
        Add(r, "signbit", "func(x float) bool", a => Value.Bool(double.IsNegative(a[0].AsFloat())));
        F1(r, "sin", Math.Sin);
        F1(r, "sinh", Math.Sinh);
        F1(r, "sqrt", Math.Sqrt);
        F1(r, "tan", Math.Tan);
        F1(r, "tanh", Math.Tanh);
        F1(r, "trunc", Math.Truncate);
        F1(r, "y_0", SpecialMath.Y0);
        F1(r, "y_1", SpecialMath.Y1);
        Add(r, "yn", "func(n int, x float) float", a => Value.Float(SpecialMath.Yn(a[0].AsInt(), a[1].AsFloat())));

        Rand(r, "exp_float_64", "func() float", _ => Value.Float(-Math.Log(1 - Random.Shared.NextDouble())));
        Rand(r, "float_64", "func() float", _ => Value.Float(Random.Shared.NextDouble()));
        Rand(r, "int", "func() int", _ => Value.Int(Random.Shared.NextInt64(long.MaxValue)));
        Rand(r, "int_63", "func() int", _ => Value.Int(Random.Shared.NextInt64(long.MaxValue)));
        Rand(r, "int_63_n", "func(n int) int", a => Value.Int(Random.Shared.NextInt64(Positive("int_63_n", a[0].AsInt()))));
        Rand(r, "intn", "func(n int) int", a => Value.Int(Random.Shared.NextInt64(Positive("intn", a[0].AsInt()))));
        Rand(r, "norm_float_64", "func() float", _ => Value.Float(Normal()));
        // Go's rand.Read fills the byte slice it is given; mcl passes a copy, so only the count comes back.
        Rand(r, "read", "func(p str) int", a => Value.Int(System.Text.Encoding.UTF8.GetByteCount(a[0].AsStr())));
    }

    private static void F1(FunctionRegistry r, string name, Func<double, double> f) =>
        Add(r, name, "func(x float) float", a => Value.Float(f(a[0].AsFloat())));

    private static void Add(FunctionRegistry r, string name, string signature, Func<IReadOnlyList<Value>, Value> body) =>
        r.Add(Package, new SimpleFunction(name, signature, body, description: $"Go's math.{GoName.Of(name)}."));

    private static void Rand(FunctionRegistry r, string name, string signature, Func<IReadOnlyList<Value>, Value> body) =>
        r.Add(RandPackage, new TypedFunction(name, signature, (_, _, a) => body(a), description: $"Go's rand.{GoName.Of(name)}: a new random number each call.", pure: false));

    private static double Dim(double x, double y) => double.IsNaN(x) || double.IsNaN(y) ? double.NaN : Math.Max(x - y, 0);

    // Go returns MinInt32/MaxInt32 for 0, NaN and infinities; .NET's ILogB gives the same special values.
    private static long Ilogb(double x) => Math.ILogB(x);

    private static double Logb(double x) => x switch
    {
        0 => double.NegativeInfinity,
        _ when double.IsInfinity(x) => double.PositiveInfinity,
        _ when double.IsNaN(x) => double.NaN,
        _ => Math.ILogB(x),
    };

    private static bool IsInf(double f, long sign) =>
        (sign >= 0 && double.IsPositiveInfinity(f)) || (sign <= 0 && double.IsNegativeInfinity(f));

    private static long Positive(string name, long n) =>
        n > 0 ? n : throw new FunctionException($"golang/math/rand.{name} needs n > 0, not {n}");

    private static double Normal()
    {
        // Box-Muller: two uniform draws give one standard normal.
        var u1 = 1 - Random.Shared.NextDouble();
        var u2 = Random.Shared.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
