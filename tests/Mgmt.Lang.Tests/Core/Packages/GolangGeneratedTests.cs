using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Packages;

/// <summary>
/// The Go library functions the reference's generator exposes that came last: the special functions of golang/math
/// (reference values computed with mpmath at 30 digits), path joining and matching, strconv.parse_int, and others.
/// </summary>
public sealed class GolangGeneratedTests
{
    private static double Go(string function, params Value[] args) => Call("golang/math." + function, args).AsFloat();

    private static void Near(double expected, double actual, double relative = 1e-13)
    {
        var tolerance = Math.Max(Math.Abs(expected) * relative, 1e-300);
        Assert.True(Math.Abs(expected - actual) <= tolerance || (expected == 0 && Math.Abs(actual) < 1e-15), $"expected {expected:R}, got {actual:R}");
    }

    [Theory]
    [InlineData(0.1, 0.1124629160182848984, 0.8875370839817151016)]
    [InlineData(0.5, 0.52049987781304653768, 0.47950012218695346232)]
    [InlineData(1.5, 0.96610514647531072707, 0.033894853524689272933)]
    [InlineData(2.5, 0.99959304798255504106, 0.00040695201744495893956)]
    [InlineData(3.7, 0.99999983284894209085, 1.6715105790914597513e-7)]
    [InlineData(6.0, 0.99999999999999997848, 2.1519736712498913117e-17)]
    public void Erf_and_erfc(double x, double erf, double erfc)
    {
        Near(erf, Go("erf", F(x)));
        Near(-erf, Go("erf", F(-x)));
        Near(erfc, Go("erfc", F(x)), 1e-12);
    }

    [Theory]
    [InlineData(0.1, 0.088855990494257691974)]
    [InlineData(0.5, 0.47693627620446987338)]
    [InlineData(0.9, 1.1630871536766741628)]
    [InlineData(0.999, 2.3267537655135244939)]
    [InlineData(-0.3, -0.27246271472675434502)]
    public void Erfinv_and_erfcinv(double y, double x)
    {
        Near(x, Go("erfinv", F(y)), 1e-12);
        Near(x, Go("erfcinv", F(1 - y)), 1e-9); // 1 - y itself rounds
    }

    [Fact]
    public void Special_cases_follow_go()
    {
        Assert.Equal(double.PositiveInfinity, Go("erfinv", F(1)));
        Assert.True(double.IsNaN(Go("erfinv", F(1.5))));
        Assert.Equal(2, Go("erfc", F(double.NegativeInfinity)));
        Assert.True(double.IsNaN(Go("gamma", F(-3))));
        Assert.Equal(double.PositiveInfinity, Go("gamma", F(200)));
        Assert.Equal(double.NegativeInfinity, Go("y_0", F(0)));
        Assert.True(double.IsNaN(Go("y_1", F(-1))));
        Assert.Equal(1, Go("j_0", F(0)));
        Assert.Equal(B(true), Call("golang/math.is_na_n", F(double.NaN)));
        Assert.Equal(B(false), Call("golang/math.is_na_n", F(1)));
        Assert.Equal(Math.BitIncrement(1.0), Go("nextafter", F(1), F(2)));
        Assert.Equal(double.Epsilon, Go("nextafter", F(0), F(1)));
    }

    [Theory]
    [InlineData(0.5, 1.7724538509055160273)]
    [InlineData(1.5, 0.88622692545275801365)]
    [InlineData(5.0, 24.0)]
    [InlineData(-2.5, -0.94530872048294188123)]
    [InlineData(10.3, 716430.68906237640663)]
    [InlineData(150.2, 1.0370235662989805236e+261)]
    public void Gamma(double x, double expected) => Near(expected, Go("gamma", F(x)), 1e-12);

    [Theory]
    [InlineData(0.3, 0.97762624653829608922, 0.14831881627310400238, 6.3044326337710711158e-7, -0.80727357780451949121, -2.2931051383885291231, -101169.65735231196634)]
    [InlineData(1.0, 0.76519768655796655145, 0.44005058574493351596, 0.00024975773021123443138, 0.088256964215676957983, -0.78121282130028871655, -260.40586662581222072)]
    [InlineData(5.0, -0.17759677131433830435, -0.32757913759146522204, 0.26114054612017009005, -0.30851762524903378007, 0.1478631433912268448, -0.45369482249110188076)]
    [InlineData(12.0, 0.047689310796833536624, -0.22344710449062761237, -0.073470963101658581266, -0.22523731263436143369, -0.05709921826089652105, -0.22981794662508243345)]
    [InlineData(30.0, -0.086367983581040211336, -0.11875106261662293652, -0.14324029551207707699, -0.11729573168666402525, 0.084425570661747234891, 0.031627359289264433312)]
    [InlineData(100.5, 0.05443657381441359099, -0.057791123996932020593, -0.050889782588087143708, -0.058061227570355748507, -0.054726102094683486458, -0.061257892771238230229)]
    public void Bessel_functions(double x, double j0, double j1, double j5, double y0, double y1, double y5)
    {
        // Absolute error against the size of the functions (about 1 near 0), as for values near a zero.
        void Close(double expected, double actual) => Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
        Close(j0, Go("j_0", F(x)));
        Close(j1, Go("j_1", F(x)));
        Close(j5, Go("jn", I(5), F(x)));
        Close(-j5, Go("jn", I(-5), F(x)));
        Close(y0, Go("y_0", F(x)));
        Close(y1, Go("y_1", F(x)));
        Close(y5, Go("yn", I(5), F(x)));
        Near(1.5510960782574670069e-12, Go("jn", I(30), F(10)), 1e-10);
    }

    [Fact]
    public void Path_join_and_match()
    {
        foreach (var package in new[] { "golang/path", "golang/path/filepath" })
        {
            Assert.Equal(S("a/b/c"), Call(package + ".join", Value.StrList(["a", "", "b/", "../b/c"])));
            Assert.Equal(S(""), Call(package + ".join", Value.StrList(["", ""])));
            Assert.Equal(S("/x"), Call(package + ".join", Value.StrList(["/", "x"])));
            Assert.Equal(B(true), Call(package + ".match", S("*.mcl"), S("main.mcl")));
            Assert.Equal(B(false), Call(package + ".match", S("*.mcl"), S("dir/main.mcl")));
            Assert.Equal(B(true), Call(package + ".match", S("a?[b-d]\\*"), S("axc*")));
            Assert.Equal(B(true), Call(package + ".match", S("[^a]x"), S("bx")));
            Assert.Equal(B(false), Call(package + ".match", S("[^a]x"), S("ax")));
            Assert.Contains("syntax error", Assert.Throws<FunctionException>(() => Call(package + ".match", S("[a"), S("a"))).Message);
            Assert.Throws<FunctionException>(() => Call(package + ".match", S("x\\"), S("y")));
        }
    }

    [Theory]
    [InlineData("42", 10, 64, 42L)]
    [InlineData("-0x1F", 0, 64, -31L)]
    [InlineData("0o17", 0, 64, 15L)]
    [InlineData("017", 0, 64, 15L)]
    [InlineData("1_000", 0, 64, 1000L)]
    [InlineData("-128", 10, 8, -128L)]
    [InlineData("zz", 36, 64, 1295L)]
    [InlineData("-9223372036854775808", 10, 0, long.MinValue)]
    public void Parse_int(string text, long radix, long bits, long expected) =>
        Assert.Equal(I(expected), Call("golang/strconv.parse_int", S(text), I(radix), I(bits)));

    [Theory]
    [InlineData("128", 10, 8, "out of range")]
    [InlineData("9223372036854775808", 10, 64, "out of range")]
    [InlineData("1_000", 10, 64, "invalid syntax")]
    [InlineData("12a", 10, 64, "invalid syntax")]
    [InlineData("", 10, 64, "invalid syntax")]
    [InlineData("1", 1, 64, "invalid base")]
    public void Parse_int_errors(string text, long radix, long bits, string expected) =>
        Assert.Contains(expected, Assert.Throws<FunctionException>(() => Call("golang/strconv.parse_int", S(text), I(radix), I(bits))).Message);

    [Fact]
    public void Os_rand_runtime_and_example()
    {
        Assert.Equal(S(Directory.GetCurrentDirectory()), Call("golang/os.getwd"));
        Assert.Equal(S(File.ReadAllText("/proc/sys/kernel/hostname").Trim()), Call("golang/os.hostname"));
        Assert.Equal(I(5), Call("golang/math/rand.read", S("hello")));
        Assert.Equal(I(Environment.ProcessorCount), Call("golang/runtime.gomaxprocs", I(0)));
        Assert.Equal(I(42), Call("example.nativeanswer"));
        Assert.Equal(I(42), Call("example.test1"));
    }
}
