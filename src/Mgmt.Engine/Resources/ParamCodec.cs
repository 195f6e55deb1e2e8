using System.Collections.Immutable;
using Mgmt.Engine.Values;

namespace Mgmt.Engine.Resources;

/// <summary>
/// Converts between a parameter property's CLR value and an mcl <see cref="Value"/>. The set of property
/// types is closed on purpose (no reflection-made generics), so the binary stays NativeAOT friendly:
/// scalars, their nullable forms, lists and string- or int-keyed maps of scalars, and <see cref="Value"/>
/// with a declared mcl type for anything richer.
/// </summary>
internal abstract class ParamCodec
{
    public abstract DataType Type { get; }
    public abstract bool IsNullable { get; }
    public abstract Value? ToValue(object? raw);
    public abstract object? FromValue(Value? value);
    public virtual bool IsZero(object? raw) => raw is null;

    public static ParamCodec For(Type clr, string? declaredType, string where)
    {
        if (clr == typeof(Value))
        {
            if (declaredType is null) throw new InvalidOperationException($"{where}: a Value parameter needs an explicit Type");
            return new ValueCodec(Values.DataType.Parse(declaredType));
        }
        var underlying = Nullable.GetUnderlyingType(clr);
        if (underlying is not null)
        {
            return new NullableCodec(Scalar(underlying) ?? throw Unsupported(clr, where));
        }
        if (Scalar(clr) is { } scalar) return scalar;
        return Collection(clr) ?? throw Unsupported(clr, where);
    }

    private static InvalidOperationException Unsupported(Type t, string where) =>
        new($"{where}: parameter type {t} is not supported; use Value with an explicit mcl type");

    private static ScalarCodec? Scalar(Type t)
    {
        if (t == typeof(string)) return ScalarCodec.String;
        if (t == typeof(bool)) return ScalarCodec.Boolean;
        if (t == typeof(double)) return ScalarCodec.Double;
        if (t == typeof(float)) return ScalarCodec.Single;
        if (t == typeof(long)) return ScalarCodec.Integer(typeof(long), long.MinValue, long.MaxValue, v => v, o => (long)o);
        if (t == typeof(int)) return ScalarCodec.Integer(typeof(int), int.MinValue, int.MaxValue, v => (int)v, o => (int)o);
        if (t == typeof(short)) return ScalarCodec.Integer(typeof(short), short.MinValue, short.MaxValue, v => (short)v, o => (short)o);
        if (t == typeof(sbyte)) return ScalarCodec.Integer(typeof(sbyte), sbyte.MinValue, sbyte.MaxValue, v => (sbyte)v, o => (sbyte)o);
        if (t == typeof(byte)) return ScalarCodec.Integer(typeof(byte), 0, byte.MaxValue, v => (byte)v, o => (byte)o);
        if (t == typeof(ushort)) return ScalarCodec.Integer(typeof(ushort), 0, ushort.MaxValue, v => (ushort)v, o => (ushort)o);
        if (t == typeof(uint)) return ScalarCodec.Integer(typeof(uint), 0, uint.MaxValue, v => (uint)v, o => (uint)o);
        // mcl ints are 64-bit signed, so every non-negative one fits a ulong.
        if (t == typeof(ulong)) return ScalarCodec.Integer(typeof(ulong), 0, long.MaxValue, v => (ulong)v, o => checked((long)(ulong)o));
        return null;
    }

    private static ParamCodec? Collection(Type t)
    {
        return List<string>(t, ScalarCodec.String)
            ?? List<long>(t, ScalarCodec.Integer(typeof(long), long.MinValue, long.MaxValue, v => v, o => (long)o))
            ?? List<double>(t, ScalarCodec.Double)
            ?? List<bool>(t, ScalarCodec.Boolean)
            ?? Map<string, string>(t, ScalarCodec.String, ScalarCodec.String)
            ?? Map<string, long>(t, ScalarCodec.String, ScalarCodec.Integer(typeof(long), long.MinValue, long.MaxValue, v => v, o => (long)o))
            ?? Map<string, double>(t, ScalarCodec.String, ScalarCodec.Double)
            ?? Map<string, bool>(t, ScalarCodec.String, ScalarCodec.Boolean)
            ?? Map<long, double>(t, ScalarCodec.Integer(typeof(long), long.MinValue, long.MaxValue, v => v, o => (long)o), ScalarCodec.Double)
            ?? Map<long, string>(t, ScalarCodec.Integer(typeof(long), long.MinValue, long.MaxValue, v => v, o => (long)o), ScalarCodec.String);
    }

    private static ParamCodec? List<T>(Type t, ScalarCodec element) where T : notnull =>
        t == typeof(IReadOnlyList<T>) || t == typeof(List<T>) || t == typeof(IList<T>) || t == typeof(IEnumerable<T>)
            ? new ListCodec<T>(element, asArray: false)
            : t == typeof(T[]) ? new ListCodec<T>(element, asArray: true) : null;

    private static ParamCodec? Map<TKey, TValue>(Type t, ScalarCodec key, ScalarCodec value) where TKey : notnull =>
        t == typeof(IReadOnlyDictionary<TKey, TValue>) || t == typeof(Dictionary<TKey, TValue>) || t == typeof(IDictionary<TKey, TValue>)
            ? new MapCodec<TKey, TValue>(key, value)
            : null;

    private sealed class ValueCodec(DataType type) : ParamCodec
    {
        public override DataType Type { get; } = type;
        public override bool IsNullable => true;
        public override Value? ToValue(object? raw) => (Value?)raw;

        public override object? FromValue(Value? value)
        {
            if (value is not null && Type != DataType.Variant && !value.Type.Equals(Type))
            {
                throw new ParamValueException($"expected a value of type {Type}, got {value.Type}");
            }
            return value;
        }
    }

    private sealed class NullableCodec(ScalarCodec inner) : ParamCodec
    {
        public override DataType Type => inner.Type;
        public override bool IsNullable => true;
        public override Value? ToValue(object? raw) => raw is null ? null : inner.ToValue(raw);
        public override object? FromValue(Value? value) => value is null ? null : inner.FromValue(value);
    }

    private sealed class ListCodec<T>(ScalarCodec element, bool asArray) : ParamCodec where T : notnull
    {
        public override DataType Type { get; } = DataType.List(element.Type);
        public override bool IsNullable => true;

        public override Value? ToValue(object? raw) => raw is IEnumerable<T> items
            ? new ListValue((ListType)Type, [.. items.Select(i => element.ToValue(i)!)])
            : null;

        public override object? FromValue(Value? value)
        {
            if (value is null) return null;
            if (value is not ListValue l || !l.Type.Equals(Type)) throw new ParamValueException($"expected {Type}, got {value.Type}");
            var items = l.Items.Select(i => (T)element.FromValue(i)!);
            return asArray ? items.ToArray() : items.ToList();
        }
    }

    private sealed class MapCodec<TKey, TValue>(ScalarCodec key, ScalarCodec value) : ParamCodec where TKey : notnull
    {
        public override DataType Type { get; } = DataType.Map(key.Type, value.Type);
        public override bool IsNullable => true;

        public override Value? ToValue(object? raw) => raw is IEnumerable<KeyValuePair<TKey, TValue>> entries
            ? new MapValue((MapType)Type, entries.Select(e => KeyValuePair.Create(key.ToValue(e.Key)!, value.ToValue(e.Value)!)))
            : null;

        public override object? FromValue(Value? v)
        {
            if (v is null) return null;
            if (v is not MapValue m || !m.Type.Equals(Type)) throw new ParamValueException($"expected {Type}, got {v.Type}");
            var d = new Dictionary<TKey, TValue>();
            foreach (var (k, val) in m.Entries) d[(TKey)key.FromValue(k)!] = (TValue)value.FromValue(val)!;
            return d;
        }
    }
}

/// <summary>Codec of one scalar CLR type.</summary>
internal sealed class ScalarCodec(DataType type, Func<object, Value> toValue, Func<Value, object> fromValue, Func<object?, bool> isZero) : ParamCodec
{
    public static readonly ScalarCodec String = new(DataType.Str, o => Value.Str((string)o), v => Expect<StrValue>(v, DataType.Str).V, o => o is null or "");
    public static readonly ScalarCodec Boolean = new(DataType.Bool, o => Value.Bool((bool)o), v => Expect<BoolValue>(v, DataType.Bool).V, o => o is null or false);
    public static readonly ScalarCodec Double = new(DataType.Float, o => Value.Float((double)o), v => Expect<FloatValue>(v, DataType.Float).V, o => o is null or 0.0);
    public static readonly ScalarCodec Single = new(DataType.Float, o => Value.Float((float)o), v => (float)Expect<FloatValue>(v, DataType.Float).V, o => o is null or 0.0f);

    public override DataType Type { get; } = type;
    public override bool IsNullable => false;
    public override Value? ToValue(object? raw) => raw is null ? null : toValue(raw);

    public override object? FromValue(Value? value) =>
        value is null ? throw new ParamValueException("this parameter cannot be unset") : fromValue(value);

    public override bool IsZero(object? raw) => isZero(raw);

    public static ScalarCodec Integer(Type clr, long min, long max, Func<long, object> box, Func<object, long> unbox) => new(
        DataType.Int,
        o => Value.Int(unbox(o)),
        v =>
        {
            var i = Expect<IntValue>(v, DataType.Int).V;
            if (i < min || i > max)
            {
                throw new ParamValueException($"{i} does not fit in this field (it holds {min} to {max})");
            }
            return box(i);
        },
        o => o is null || unbox(o) == 0);

    private static T Expect<T>(Value v, DataType type) where T : Value =>
        v as T ?? throw new ParamValueException($"expected a value of type {type}, got {v.Type}");
}
