using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.Builtins;

/// <summary>
/// The operators of the language, each with its signature (without the leading operator argument), the operand
/// types it accepts once resolved, and its evaluation. The parser lowers <c>a + b</c> to
/// <c>_operator("+", a, b)</c>, so this table is what gives operators their meaning.
/// </summary>
internal static class OperatorTable
{
    /// <summary>One operator: arity, signature, the accepted operand types (null = any comparable) and evaluation.</summary>
    internal sealed record Spec(string Symbol, string Signature, DataType[]? Operands, Func<IReadOnlyList<Value>, Value> Eval)
    {
        public int Arity => Symbol switch { "not" => 1, "π" => 0, _ => 2 };
    }

    private static readonly DataType[] Numbers = [DataType.Int, DataType.Float];

    private static readonly Dictionary<string, Spec> Specs = new Spec[]
    {
        new("+", "func(a ?1, b ?1) ?1", [DataType.Str, DataType.Int, DataType.Float], a => (a[0], a[1]) switch
        {
            (StrValue x, StrValue y) => Value.Str(x.V + y.V),
            (IntValue x, IntValue y) => Value.Int(unchecked(x.V + y.V)),
            _ => Value.Float(a[0].AsFloat() + a[1].AsFloat()),
        }),
        new("-", "func(a ?1, b ?1) ?1", Numbers, a => a[0] is IntValue x
            ? Value.Int(unchecked(x.V - a[1].AsInt()))
            : Value.Float(a[0].AsFloat() - a[1].AsFloat())),
        new("*", "func(a ?1, b ?1) ?1", Numbers, a => a[0] is IntValue x
            ? Value.Int(unchecked(x.V * a[1].AsInt()))
            : Value.Float(a[0].AsFloat() * a[1].AsFloat())),
        new("/", "func(a ?1, b ?1) float", Numbers, Divide),
        new("==", "func(a ?1, b ?1) bool", null, a => Value.Bool(GoEquality.Equal(a[0], a[1]))),
        new("!=", "func(a ?1, b ?1) bool", null, a => Value.Bool(!GoEquality.Equal(a[0], a[1]))),
        // Floats compare with the IEEE operators so that NaN is neither smaller nor larger, as in Go.
        new("<", "func(a ?1, b ?1) bool", Numbers, a => Value.Bool(a[0] is IntValue x ? x.V < a[1].AsInt() : a[0].AsFloat() < a[1].AsFloat())),
        new(">", "func(a ?1, b ?1) bool", Numbers, a => Value.Bool(a[0] is IntValue x ? x.V > a[1].AsInt() : a[0].AsFloat() > a[1].AsFloat())),
        new("<=", "func(a ?1, b ?1) bool", Numbers, a => Value.Bool(a[0] is IntValue x ? x.V <= a[1].AsInt() : a[0].AsFloat() <= a[1].AsFloat())),
        new(">=", "func(a ?1, b ?1) bool", Numbers, a => Value.Bool(a[0] is IntValue x ? x.V >= a[1].AsInt() : a[0].AsFloat() >= a[1].AsFloat())),
        new("and", "func(a bool, b bool) bool", [DataType.Bool], a => Value.Bool(a[0].AsBool() && a[1].AsBool())),
        new("or", "func(a bool, b bool) bool", [DataType.Bool], a => Value.Bool(a[0].AsBool() || a[1].AsBool())),
        new("not", "func(a bool) bool", [DataType.Bool], a => Value.Bool(!a[0].AsBool())),
        new("^", "func(a ?1, b ?1) ?1", [DataType.Int, DataType.Bool], a => a[0] is IntValue x
            ? Value.Int(x.V ^ a[1].AsInt())
            : Value.Bool(a[0].AsBool() != a[1].AsBool())),
        new("π", "func() float", [], _ => Value.Float(Math.PI)),
    }.ToDictionary(s => s.Symbol, StringComparer.Ordinal);

    public static Spec? Find(string symbol) => Specs.GetValueOrDefault(symbol);

    public static IEnumerable<Spec> All => Specs.Values;

    private static Value Divide(IReadOnlyList<Value> a)
    {
        if (a[0] is IntValue x)
        {
            var d = a[1].AsInt();
            if (d == 0) throw new CatchableException($"division by zero: {x.V} / 0");
            return Value.Float((double)x.V / d);
        }
        var divisor = a[1].AsFloat();
        if (divisor == 0) throw new CatchableException($"division by zero: {a[0]} / {a[1]}");
        return Value.Float(a[0].AsFloat() / divisor);
    }
}
