namespace Mgmt.Lang.Core.GolangFunctions.Stdlib;

/// <summary>
/// The special functions of Go's <c>math</c> package that .NET lacks: the error function and its inverses, the gamma
/// function, and Bessel functions of the first and second kind. Each follows Go's special cases (NaN, infinities,
/// negative orders); values are accurate to a few units in the last place over the ranges programs use.
/// </summary>
internal static class SpecialMath
{
    private const double TwoOverSqrtPi = 1.1283791670955126;
    private const double EulerGamma = 0.57721566490153286;

    // ---- error function ----

    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (double.IsInfinity(x)) return Math.Sign(x);
        var a = Math.Abs(x);
        if (a < 2) return ErfSeries(x);
        return Math.Sign(x) * (1 - ErfcFraction(a));
    }

    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (double.IsPositiveInfinity(x)) return 0;
        if (double.IsNegativeInfinity(x)) return 2;
        if (x < 0.5) return 1 - Erf(x);
        return x < 2 ? 1 - ErfSeries(x) : ErfcFraction(x);
    }

    // erf(x) = 2/sqrt(pi) e^{-x^2} sum 2^n x^{2n+1} / (1*3*...*(2n+1)): every term is positive, so nothing cancels.
    private static double ErfSeries(double x)
    {
        var x2 = x * x;
        double term = x, sum = x;
        for (var n = 1; n < 200; n++)
        {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * 1e-17) break;
        }
        return TwoOverSqrtPi * Math.Exp(-x2) * sum;
    }

    // erfc(x) for x >= 2, as the continued fraction e^{-x^2}/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))).
    private static double ErfcFraction(double x)
    {
        const double tiny = 1e-300;
        var f = x;
        double c = x, d = 0;
        for (var k = 1; k < 500; k++)
        {
            var a = k / 2.0;
            d = x + a * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(-x * x) / (Math.Sqrt(Math.PI) * f);
    }

    /// <summary>The inverse of <see cref="Erf"/>: ±Inf at ±1, NaN outside [-1, 1].</summary>
    public static double Erfinv(double y)
    {
        if (double.IsNaN(y) || y < -1 || y > 1) return double.NaN;
        if (y == 1) return double.PositiveInfinity;
        if (y == -1) return double.NegativeInfinity;
        if (y == 0) return y;
        // A first guess good to a few digits (Giles' single-precision approximation), then Newton steps on erf.
        var w = -Math.Log((1 - y) * (1 + y));
        double x;
        if (w < 5)
        {
            w -= 2.5;
            x = Horner(w, 2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941);
        }
        else
        {
            w = Math.Sqrt(w) - 3;
            x = Horner(w, -0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682);
        }
        x *= y;
        for (var i = 0; i < 4; i++)
        {
            // Near |y| = 1 the difference is taken through erfc to keep its digits.
            var error = Math.Abs(y) > 0.5 ? Math.Sign(y) * (Erfc(Math.Abs(x)) - (1 - Math.Abs(y))) * -1 : Erf(x) - y;
            var slope = TwoOverSqrtPi * Math.Exp(-x * x);
            if (slope == 0) break;
            var step = error / slope;
            x -= step;
            if (Math.Abs(step) <= Math.Abs(x) * 1e-16) break;
        }
        return x;
    }

    /// <summary>The inverse of <see cref="Erfc"/>: Go computes it as erfinv(1 - x).</summary>
    public static double Erfcinv(double x) => Erfinv(1 - x);

    private static double Horner(double w, params double[] coefficients)
    {
        var p = coefficients[0];
        for (var i = 1; i < coefficients.Length; i++) p = coefficients[i] + p * w;
        return p;
    }

    // ---- gamma ----

    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    public static double Gamma(double x)
    {
        if (double.IsNaN(x) || double.IsNegativeInfinity(x)) return double.NaN;
        if (double.IsPositiveInfinity(x)) return double.PositiveInfinity;
        if (x == 0) return double.IsNegative(x) ? double.NegativeInfinity : double.PositiveInfinity;
        if (x < 0 && x == Math.Floor(x)) return double.NaN;
        if (x > 171.7) return double.PositiveInfinity;
        if (x == Math.Floor(x) && x <= 30)
        {
            var f = 1.0;
            for (var i = 2; i < (int)x; i++) f *= i;
            return f;
        }
        if (x < 0.5) return Math.PI / (Math.Sin(Math.PI * x) * Gamma(1 - x));
        // Lanczos (g = 7); the power is split in two so that large arguments do not overflow early.
        x -= 1;
        var sum = Lanczos[0];
        for (var i = 1; i < Lanczos.Length; i++) sum += Lanczos[i] / (x + i);
        var t = x + 7.5;
        var half = Math.Pow(t, (x + 0.5) / 2);
        return Math.Sqrt(2 * Math.PI) * half * (half * Math.Exp(-t)) * sum;
    }

    // ---- Bessel functions ----

    public static double J0(double x) => Jn(0, x);

    public static double J1(double x) => Jn(1, x);

    /// <summary>The Bessel function of the first kind of order <paramref name="n"/>.</summary>
    public static double Jn(long n, double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (double.IsInfinity(x)) return 0;
        if (n < 0) return (n % 2 == 0 ? 1 : -1) * Jn(-n, x);
        if (x < 0) return (n % 2 == 0 ? 1 : -1) * Jn(n, -x);
        if (x == 0) return n == 0 ? 1 : 0;
        if (n > 100_000) return 0;
        if (n <= 1 && x >= 25) return Asymptotic((int)n, x).J;
        return Miller(x, (int)n).Jn;
    }

    public static double Y0(double x) => Y(0, x);

    public static double Y1(double x) => Y(1, x);

    /// <summary>The Bessel function of the second kind of order <paramref name="n"/>.</summary>
    public static double Yn(long n, double x)
    {
        if (n < 0) return (n % 2 == 0 ? 1 : -1) * Yn(-n, x);
        if (double.IsNaN(x) || x < 0) return double.NaN;
        if (x == 0) return double.NegativeInfinity;
        if (double.IsPositiveInfinity(x)) return 0;
        if (n <= 1) return Y((int)n, x);
        // Forward recurrence is stable for Y, and stops once the values run off to -Inf.
        double previous = Y(0, x), current = Y(1, x);
        for (var k = 1; k < n && !double.IsNegativeInfinity(current); k++)
        {
            (previous, current) = (current, 2 * k / x * current - previous);
        }
        return current;
    }

    private static double Y(int n, double x)
    {
        if (double.IsNaN(x) || x < 0) return double.NaN;
        if (x == 0) return double.NegativeInfinity;
        if (double.IsPositiveInfinity(x)) return 0;
        if (x >= 25) return Asymptotic(n, x).Y;
        // Neumann series over J values from Miller's recurrence:
        // Y0 = 2/pi (ln(x/2) + gamma) J0 - 4/pi sum_{k>=1} (-1)^k J_{2k}/k, and Y1 = -Y0' from it.
        var j = Miller(x, 0).All;
        var log = Math.Log(x / 2) + EulerGamma;
        double sum = 0;
        for (var k = 1; 2 * k + 1 < j.Length; k++)
        {
            var sign = k % 2 == 0 ? 1 : -1;
            sum += n == 0 ? sign * j[2 * k] / k : sign * (j[2 * k - 1] - j[2 * k + 1]) / k;
        }
        return n == 0
            ? 2 / Math.PI * log * j[0] - 4 / Math.PI * sum
            : -2 / Math.PI * j[0] / x + 2 / Math.PI * log * j[1] + 2 / Math.PI * sum;
    }

    /// <summary>
    /// J_0 .. J_N by Miller's backward recurrence from far above both <paramref name="n"/> and x, normalised with
    /// J_0 + 2 (J_2 + J_4 + ...) = 1. Stable for every x; returns J_n and the whole table.
    /// </summary>
    private static (double Jn, double[] All) Miller(double x, int n)
    {
        var start = 2 * ((Math.Max(n, (int)x) + 40 + (int)Math.Sqrt(40 * Math.Max(n, x))) / 2);
        var values = new double[start + 2];
        double next = 0, current = 1e-300, norm = 0;
        for (var k = start; k >= 0; k--)
        {
            values[k] = current;
            if (k % 2 == 0) norm += k == 0 ? current : 2 * current;
            var previous = k == 0 ? 0 : 2 * k / x * current - next;
            (next, current) = (current, previous);
            if (Math.Abs(current) > 1e250)
            {
                // Rescale everything computed so far to stay within range.
                for (var i = k; i <= start; i++) values[i] *= 1e-250;
                norm *= 1e-250;
                next *= 1e-250;
                current *= 1e-250;
            }
        }
        for (var i = 0; i < values.Length; i++) values[i] /= norm;
        return (values[n], values);
    }

    /// <summary>Hankel's asymptotic expansions of J_n and Y_n (n = 0 or 1) for large x.</summary>
    private static (double J, double Y) Asymptotic(int n, double x)
    {
        var mu = 4.0 * n * n;
        double p = 1, q = 0, term = 1, previous = double.MaxValue;
        for (var k = 1; k < 60; k++)
        {
            term *= (mu - (2 * k - 1) * (2 * k - 1)) / (k * 8 * x);
            if (Math.Abs(term) > previous) break; // the series has started to diverge: stop at its smallest term
            previous = Math.Abs(term);
            if (k % 2 == 1) q += (k / 2 % 2 == 0 ? 1 : -1) * term;
            else p += (k / 2 % 2 == 0 ? 1 : -1) * term;
            if (Math.Abs(term) < 1e-17) break;
        }
        var chi = x - (0.5 * n + 0.25) * Math.PI;
        var scale = Math.Sqrt(2 / (Math.PI * x));
        return (scale * (p * Math.Cos(chi) - q * Math.Sin(chi)), scale * (p * Math.Sin(chi) + q * Math.Cos(chi)));
    }

    // ---- others ----

    /// <summary>The next representable double after <paramref name="x"/> towards <paramref name="y"/>.</summary>
    public static double Nextafter(double x, double y)
    {
        if (double.IsNaN(x) || double.IsNaN(y)) return double.NaN;
        if (x == y) return x;
        if (x == 0) return Math.CopySign(double.Epsilon, y);
        return y > x ? Math.BitIncrement(x) : Math.BitDecrement(x);
    }
}
