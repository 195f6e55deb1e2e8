namespace Mgmt.Engine.Values;

/// <summary>
/// A type of the mcl type system: bool, str, int, float, lists, maps, structs, functions and the internal
/// variant. Types are immutable and compare structurally. The language adds unification variables as a
/// subclass; the engine only ever sees fully known types.
/// </summary>
public abstract class DataType : IEquatable<DataType>
{
    public static readonly DataType Bool = new PrimitiveType("bool");
    public static readonly DataType Str = new PrimitiveType("str");
    public static readonly DataType Int = new PrimitiveType("int");
    public static readonly DataType Float = new PrimitiveType("float");
    public static readonly DataType Variant = new PrimitiveType("variant");

    public static ListType List(DataType element) => new(element);
    public static MapType Map(DataType key, DataType value) => new(key, value);
    public static StructType Struct(params StructField[] fields) => new(fields);
    public static FuncType Func(IReadOnlyList<FuncParam> parameters, DataType result) => new(parameters, result);

    /// <summary>True when the type contains no unknown parts (no unification variable anywhere).</summary>
    public virtual bool IsKnown => Children.All(c => c.IsKnown);

    /// <summary>The types this one is built from, in order (list element, map key and value, ...).</summary>
    public virtual IEnumerable<DataType> Children => [];

    /// <summary>Parses the mcl spelling of a type, such as <c>map{str: []int}</c>.</summary>
    public static DataType Parse(string text) => DataTypeParser.Parse(text);

    /// <summary>
    /// Parses a type that may contain numbered unknowns (<c>?1</c>); <paramref name="unknown"/> gives the type that
    /// stands for each number (the same number must give the same object).
    /// </summary>
    public static DataType Parse(string text, Func<string, DataType> unknown) => DataTypeParser.Parse(text, unknown);

    public abstract bool Equals(DataType? other);
    public override bool Equals(object? obj) => obj is DataType t && Equals(t);
    public abstract override int GetHashCode();
    public abstract override string ToString();

    public static bool operator ==(DataType? a, DataType? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(DataType? a, DataType? b) => !(a == b);
}

/// <summary>bool, str, int, float or variant.</summary>
public sealed class PrimitiveType : DataType
{
    internal PrimitiveType(string name) => Name = name;

    public string Name { get; }

    public override bool Equals(DataType? other) => ReferenceEquals(this, other);
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => Name;
}

/// <summary><c>[]T</c>: a homogeneous list.</summary>
public sealed class ListType(DataType element) : DataType
{
    public DataType Element { get; } = element;

    public override IEnumerable<DataType> Children => [Element];
    public override bool Equals(DataType? other) => other is ListType l && Element.Equals(l.Element);
    public override int GetHashCode() => HashCode.Combine(1, Element);
    public override string ToString() => "[]" + Element;
}

/// <summary><c>map{K: V}</c>: a homogeneous map.</summary>
public sealed class MapType(DataType key, DataType value) : DataType
{
    public DataType Key { get; } = key;
    public DataType Value { get; } = value;

    public override IEnumerable<DataType> Children => [Key, Value];
    public override bool Equals(DataType? other) => other is MapType m && Key.Equals(m.Key) && Value.Equals(m.Value);
    public override int GetHashCode() => HashCode.Combine(2, Key, Value);
    public override string ToString() => $"map{{{Key}: {Value}}}";
}

/// <summary>One named field of a struct type.</summary>
public sealed record StructField(string Name, DataType Type);

/// <summary><c>struct{a T; b U}</c>: ordered, named fields.</summary>
public sealed class StructType : DataType
{
    public StructType(IEnumerable<StructField> fields)
    {
        Fields = [.. fields];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in Fields)
        {
            if (!seen.Add(f.Name)) throw new ArgumentException($"duplicate struct field '{f.Name}'");
        }
    }

    public IReadOnlyList<StructField> Fields { get; }

    public int IndexOf(string field)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            if (Fields[i].Name == field) return i;
        }
        return -1;
    }

    public DataType? FieldType(string field) => IndexOf(field) is var i and >= 0 ? Fields[i].Type : null;

    public override IEnumerable<DataType> Children => Fields.Select(f => f.Type);

    public override bool Equals(DataType? other)
    {
        if (other is not StructType s || s.Fields.Count != Fields.Count) return false;
        for (var i = 0; i < Fields.Count; i++)
        {
            if (Fields[i].Name != s.Fields[i].Name || !Fields[i].Type.Equals(s.Fields[i].Type)) return false;
        }
        return true;
    }

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(3);
        foreach (var f in Fields) { h.Add(f.Name); h.Add(f.Type); }
        return h.ToHashCode();
    }

    public override string ToString() =>
        "struct{" + string.Join("; ", Fields.Select(f => $"{f.Name} {f.Type}")) + "}";
}

/// <summary>One parameter of a function type; the name is optional and does not take part in equality.</summary>
public sealed record FuncParam(string? Name, DataType Type);

/// <summary><c>func(a T, b U) R</c>: a function type. Parameter names are documentation only.</summary>
public sealed class FuncType(IReadOnlyList<FuncParam> parameters, DataType result) : DataType
{
    public IReadOnlyList<FuncParam> Parameters { get; } = parameters;
    public DataType Result { get; } = result;

    public override IEnumerable<DataType> Children => Parameters.Select(p => p.Type).Append(Result);

    public override bool Equals(DataType? other)
    {
        if (other is not FuncType f || f.Parameters.Count != Parameters.Count || !Result.Equals(f.Result)) return false;
        for (var i = 0; i < Parameters.Count; i++)
        {
            if (!Parameters[i].Type.Equals(f.Parameters[i].Type)) return false;
        }
        return true;
    }

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(4);
        foreach (var p in Parameters) h.Add(p.Type);
        h.Add(Result);
        return h.ToHashCode();
    }

    public override string ToString() =>
        "func(" + string.Join(", ", Parameters.Select(p => p.Name is null ? p.Type.ToString() : $"{p.Name} {p.Type}")) + ") " + Result;
}
