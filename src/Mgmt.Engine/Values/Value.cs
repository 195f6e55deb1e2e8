using System.Collections.Immutable;

namespace Mgmt.Engine.Values;

/// <summary>
/// An immutable, typed mcl value. Values compare structurally (maps ignore entry order) and print in mcl
/// value syntax (<see cref="ToString"/>), which is also the syntax of the conformance suite's outputs.
/// The language adds function values as a subclass.
/// </summary>
public abstract class Value : IEquatable<Value>
{
    public abstract DataType Type { get; }

    public abstract bool Equals(Value? other);
    public override bool Equals(object? obj) => obj is Value v && Equals(v);
    public abstract override int GetHashCode();

    /// <summary>The mcl spelling of this value: strings quoted as Go does, maps sorted by key.</summary>
    public abstract override string ToString();

    public bool AsBool() => ((BoolValue)this).V;
    public string AsStr() => ((StrValue)this).V;
    public long AsInt() => ((IntValue)this).V;
    public double AsFloat() => ((FloatValue)this).V;
    public ListValue AsList() => (ListValue)this;
    public MapValue AsMap() => (MapValue)this;
    public StructValue AsStruct() => (StructValue)this;

    public static BoolValue Bool(bool v) => v ? BoolValue.True : BoolValue.False;
    public static StrValue Str(string v) => new(v);
    public static IntValue Int(long v) => new(v);
    public static FloatValue Float(double v) => new(v);
    public static ListValue List(DataType element, IEnumerable<Value> items) => new(DataType.List(element), [.. items]);
    public static ListValue StrList(IEnumerable<string> items) => List(DataType.Str, items.Select(Str));

    public static bool operator ==(Value? a, Value? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(Value? a, Value? b) => !(a == b);

    /// <summary>The zero value of a known type: false, "", 0, 0.0, empty containers, zeroed structs.</summary>
    public static Value Zero(DataType type) => type switch
    {
        _ when type == DataType.Bool => BoolValue.False,
        _ when type == DataType.Str => new StrValue(""),
        _ when type == DataType.Int => new IntValue(0),
        _ when type == DataType.Float => new FloatValue(0),
        ListType l => new ListValue(l, []),
        MapType m => new MapValue(m, []),
        StructType s => new StructValue(s, [.. s.Fields.Select(f => Zero(f.Type))]),
        _ => throw new ArgumentException($"type {type} has no zero value"),
    };
}

public sealed class BoolValue : Value
{
    public static readonly BoolValue True = new(true);
    public static readonly BoolValue False = new(false);

    private BoolValue(bool v) => V = v;

    public bool V { get; }
    public override DataType Type => DataType.Bool;
    public override bool Equals(Value? other) => other is BoolValue b && b.V == V;
    public override int GetHashCode() => V ? 1 : 0;
    public override string ToString() => V ? "true" : "false";
}

public sealed class StrValue(string v) : Value
{
    public string V { get; } = v;
    public override DataType Type => DataType.Str;
    public override bool Equals(Value? other) => other is StrValue s && s.V == V;
    public override int GetHashCode() => V.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => GoFormat.Quote(V);
}

public sealed class IntValue(long v) : Value
{
    public long V { get; } = v;
    public override DataType Type => DataType.Int;
    public override bool Equals(Value? other) => other is IntValue i && i.V == V;
    public override int GetHashCode() => V.GetHashCode();
    public override string ToString() => V.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class FloatValue(double v) : Value
{
    public double V { get; } = v;
    public override DataType Type => DataType.Float;
    public override bool Equals(Value? other) => other is FloatValue f && f.V.Equals(V);
    public override int GetHashCode() => V.GetHashCode();
    public override string ToString() => GoFormat.Float(V);
}

public sealed class ListValue(ListType type, ImmutableArray<Value> items) : Value
{
    public override ListType Type { get; } = type;
    public ImmutableArray<Value> Items { get; } = items;
    public int Count => Items.Length;
    public Value this[int i] => Items[i];

    public override bool Equals(Value? other) =>
        other is ListValue l && l.Type.Equals(Type) && l.Items.SequenceEqual(Items);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var i in Items) h.Add(i);
        return h.ToHashCode();
    }

    public override string ToString() => "[" + string.Join(", ", Items) + "]";
}

/// <summary>A map value. Entries keep the order they were built in; equality ignores order.</summary>
public sealed class MapValue : Value
{
    private readonly Dictionary<Value, Value> _index;

    public MapValue(MapType type, IEnumerable<KeyValuePair<Value, Value>> entries)
    {
        Type = type;
        _index = [];
        var list = new List<KeyValuePair<Value, Value>>();
        foreach (var e in entries)
        {
            if (_index.TryAdd(e.Key, e.Value)) list.Add(e);
            else
            {
                _index[e.Key] = e.Value;
                list[list.FindIndex(x => x.Key.Equals(e.Key))] = e;
            }
        }
        Entries = list;
    }

    public override MapType Type { get; }
    public IReadOnlyList<KeyValuePair<Value, Value>> Entries { get; }
    public int Count => Entries.Count;

    public bool TryGet(Value key, out Value value) => _index.TryGetValue(key, out value!);

    public override bool Equals(Value? other)
    {
        if (other is not MapValue m || !m.Type.Equals(Type) || m.Count != Count) return false;
        foreach (var (k, v) in _index)
        {
            if (!m._index.TryGetValue(k, out var ov) || !ov.Equals(v)) return false;
        }
        return true;
    }

    public override int GetHashCode()
    {
        var h = 0;
        foreach (var (k, v) in _index) h ^= HashCode.Combine(k, v);
        return h;
    }

    public override string ToString() =>
        "{" + string.Join(", ", SortedEntries().Select(e => $"{e.Key}: {e.Value}")) + "}";

    /// <summary>Entries sorted by the printed form of their keys, as the reference prints them.</summary>
    public IEnumerable<KeyValuePair<Value, Value>> SortedEntries() =>
        Entries.OrderBy(e => e.Key, ValueOrder.Instance);
}

public sealed class StructValue(StructType type, ImmutableArray<Value> fields) : Value
{
    public override StructType Type { get; } = type;

    /// <summary>Field values in the declared order of <see cref="Type"/>.</summary>
    public ImmutableArray<Value> Fields { get; } = fields;

    public Value this[string name] =>
        Type.IndexOf(name) is var i and >= 0 ? Fields[i] : throw new KeyNotFoundException($"struct has no field '{name}'");

    public bool TryGet(string name, out Value value)
    {
        var i = Type.IndexOf(name);
        value = i >= 0 ? Fields[i] : null!;
        return i >= 0;
    }

    public override bool Equals(Value? other) =>
        other is StructValue s && s.Type.Equals(Type) && s.Fields.SequenceEqual(Fields);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var f in Fields) h.Add(f);
        return h.ToHashCode();
    }

    public override string ToString() =>
        "struct{" + string.Join("; ", Type.Fields.Select((f, i) => $"{f.Name}: {Fields[i]}")) + "}";
}

/// <summary>
/// A total order on values of one type: numbers numerically, strings ordinally, containers element-wise.
/// Used to print maps deterministically and to sort lists of keys.
/// </summary>
public sealed class ValueOrder : IComparer<Value>
{
    public static readonly ValueOrder Instance = new();

    public int Compare(Value? x, Value? y) => (x, y) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        (BoolValue a, BoolValue b) => a.V.CompareTo(b.V),
        (IntValue a, IntValue b) => a.V.CompareTo(b.V),
        (FloatValue a, FloatValue b) => a.V.CompareTo(b.V),
        (StrValue a, StrValue b) => string.CompareOrdinal(a.V, b.V),
        (ListValue a, ListValue b) => CompareSequences(a.Items, b.Items),
        (StructValue a, StructValue b) => CompareSequences(a.Fields, b.Fields),
        _ => string.CompareOrdinal(x.ToString(), y.ToString()),
    };

    private int CompareSequences(ImmutableArray<Value> a, ImmutableArray<Value> b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = Compare(a[i], b[i]);
            if (c != 0) return c;
        }
        return a.Length.CompareTo(b.Length);
    }
}
