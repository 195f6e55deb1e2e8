using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Types;

namespace Mgmt.Lang.Semantics;

/// <summary>
/// Union-find over types with unknowns. Each <see cref="TypeVariable"/> is either unbound or points at another
/// type (a variable or a type built from parts that may themselves be variables). <see cref="Unify"/> makes two
/// types equal or throws <see cref="TypeMismatch"/>; the cost is proportional to the size of the types involved,
/// so solving a program is about linear in its size.
/// </summary>
internal sealed class TypeSolver : ITypeSolver
{
    private readonly Dictionary<TypeVariable, DataType> _bound = [];

    /// <summary>Grows each time a variable is bound; lets callers see whether anything was learned.</summary>
    public int Progress { get; private set; }

    /// <summary>The representative of <paramref name="type"/>: the end of its chain of bound variables.</summary>
    public DataType Find(DataType type)
    {
        var root = type;
        while (root is TypeVariable v && _bound.TryGetValue(v, out var next)) root = next;
        // Path compression, iteratively: long chains of variables must not exhaust the call stack.
        while (type is TypeVariable v && _bound.TryGetValue(v, out var next) && !ReferenceEquals(next, root))
        {
            _bound[v] = root;
            type = next;
        }
        return root;
    }

    /// <summary>The type with every bound variable replaced by what it stands for (unbound ones stay).</summary>
    public DataType Resolve(DataType type)
    {
        type = Find(type);
        switch (type)
        {
            case TypeVariable or PrimitiveType:
                return type;
            case ListType l:
                {
                    var e = Resolve(l.Element);
                    return ReferenceEquals(e, l.Element) ? l : DataType.List(e);
                }
            case MapType m:
                {
                    var k = Resolve(m.Key);
                    var v = Resolve(m.Value);
                    return ReferenceEquals(k, m.Key) && ReferenceEquals(v, m.Value) ? m : DataType.Map(k, v);
                }
            case StructType s:
                {
                    var fields = s.Fields.Select(f => (f, t: Resolve(f.Type))).ToList();
                    return fields.All(x => ReferenceEquals(x.t, x.f.Type)) ? s : new StructType(fields.Select(x => new StructField(x.f.Name, x.t)));
                }
            case FuncType f:
                {
                    var ps = f.Parameters.Select(p => (p, t: Resolve(p.Type))).ToList();
                    var r = Resolve(f.Result);
                    return ps.All(x => ReferenceEquals(x.t, x.p.Type)) && ReferenceEquals(r, f.Result)
                        ? f
                        : DataType.Func([.. ps.Select(x => new FuncParam(x.p.Name, x.t))], r);
                }
            default:
                return type;
        }
    }

    /// <summary>Makes <paramref name="expected"/> and <paramref name="actual"/> equal, or throws <see cref="TypeMismatch"/>.</summary>
    public void Unify(DataType expected, DataType actual)
    {
        var a = Find(expected);
        var b = Find(actual);
        if (ReferenceEquals(a, b)) return;
        if (a is TypeVariable va)
        {
            Bind(va, b);
            return;
        }
        if (b is TypeVariable vb)
        {
            Bind(vb, a);
            return;
        }
        switch (a, b)
        {
            case (PrimitiveType, PrimitiveType):
                if (!a.Equals(b)) throw new TypeMismatch(a, b);
                return;
            case (ListType la, ListType lb):
                Unify(la.Element, lb.Element);
                return;
            case (MapType ma, MapType mb):
                Unify(ma.Key, mb.Key);
                Unify(ma.Value, mb.Value);
                return;
            case (StructType sa, StructType sb):
                if (sa.Fields.Count != sb.Fields.Count || sa.Fields.Where((f, i) => f.Name != sb.Fields[i].Name).Any())
                {
                    throw new TypeMismatch(Resolve(a), Resolve(b));
                }
                for (var i = 0; i < sa.Fields.Count; i++) Unify(sa.Fields[i].Type, sb.Fields[i].Type);
                return;
            case (FuncType fa, FuncType fb):
                if (fa.Parameters.Count != fb.Parameters.Count)
                {
                    throw new TypeMismatch(Resolve(a), Resolve(b), TypeMismatchKind.ArgumentCount);
                }
                for (var i = 0; i < fa.Parameters.Count; i++) Unify(fa.Parameters[i].Type, fb.Parameters[i].Type);
                Unify(fa.Result, fb.Result);
                return;
            default:
                throw new TypeMismatch(Resolve(a), Resolve(b));
        }
    }

    void ITypeSolver.Unify(DataType a, DataType b)
    {
        try
        {
            Unify(a, b);
        }
        catch (TypeMismatch m)
        {
            throw new TypeCheckException(m.Describe());
        }
    }

    private void Bind(TypeVariable variable, DataType type)
    {
        if (Occurs(variable, type)) throw new TypeMismatch(variable, Resolve(type), TypeMismatchKind.SelfReference);
        _bound[variable] = type;
        Progress++;
    }

    private bool Occurs(TypeVariable variable, DataType type)
    {
        type = Find(type);
        if (ReferenceEquals(type, variable)) return true;
        if (type is TypeVariable or PrimitiveType) return false;
        foreach (var child in type.Children)
        {
            if (Occurs(variable, child)) return true;
        }
        return false;
    }
}

/// <summary>How two types failed to unify.</summary>
internal enum TypeMismatchKind
{
    /// <summary>Different types (or different struct fields).</summary>
    Different,

    /// <summary>Two function types with different numbers of parameters.</summary>
    ArgumentCount,

    /// <summary>A type would have to contain itself (a function applied to itself).</summary>
    SelfReference,
}

/// <summary>Two types that cannot be the same; <see cref="Expected"/> and <see cref="Found"/> are the parts that clash.</summary>
internal sealed class TypeMismatch(DataType expected, DataType found, TypeMismatchKind kind = TypeMismatchKind.Different)
    : Exception($"{expected} and {found} differ")
{
    public DataType Expected { get; } = expected;
    public DataType Found { get; } = found;
    public TypeMismatchKind Kind { get; } = kind;

    /// <summary>A sentence about the clash itself, without the context the caller adds.</summary>
    public string Describe() => Kind switch
    {
        TypeMismatchKind.ArgumentCount =>
            $"the numbers of arguments differ: {Count(Expected)} ({Expected}) and {Count(Found)} ({Found})",
        TypeMismatchKind.SelfReference =>
            "a value of this type would have to contain itself",
        _ => $"expected {Show(Expected)}, found {Show(Found)}",
    };

    internal static string Show(DataType t) => t is TypeVariable ? "an unknown type" : t.ToString();

    private static string Count(DataType f) =>
        f is FuncType ft ? ft.Parameters.Count == 1 ? "1 argument" : $"{ft.Parameters.Count} arguments" : "?";
}
