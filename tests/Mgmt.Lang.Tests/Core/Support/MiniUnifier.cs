using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Types;

namespace Mgmt.Lang.Tests.Core.Support;

/// <summary>
/// A small unifier for testing built-in typing in isolation: substitution of type variables with structural
/// unification. The real compiler's solver lives in Semantics/; this one only needs to be right for tests.
/// </summary>
internal sealed class MiniUnifier : ITypeSolver
{
    private readonly Dictionary<TypeVariable, DataType> _bound = [];

    public DataType Resolve(DataType type) => type switch
    {
        TypeVariable v => _bound.TryGetValue(v, out var t) ? Resolve(t) : v,
        ListType l => DataType.List(Resolve(l.Element)),
        MapType m => DataType.Map(Resolve(m.Key), Resolve(m.Value)),
        StructType s => new StructType(s.Fields.Select(f => new StructField(f.Name, Resolve(f.Type)))),
        FuncType f => DataType.Func([.. f.Parameters.Select(p => p with { Type = Resolve(p.Type) })], Resolve(f.Result)),
        _ => type,
    };

    public void Unify(DataType a, DataType b)
    {
        a = Shallow(a);
        b = Shallow(b);
        if (ReferenceEquals(a, b)) return;
        if (a is TypeVariable va) { Bind(va, b); return; }
        if (b is TypeVariable vb) { Bind(vb, a); return; }
        switch (a, b)
        {
            case (ListType x, ListType y):
                Unify(x.Element, y.Element);
                return;
            case (MapType x, MapType y):
                Unify(x.Key, y.Key);
                Unify(x.Value, y.Value);
                return;
            case (StructType x, StructType y) when x.Fields.Count == y.Fields.Count
                && x.Fields.Zip(y.Fields).All(p => p.First.Name == p.Second.Name):
                foreach (var (fx, fy) in x.Fields.Zip(y.Fields)) Unify(fx.Type, fy.Type);
                return;
            case (FuncType x, FuncType y) when x.Parameters.Count == y.Parameters.Count:
                foreach (var (px, py) in x.Parameters.Zip(y.Parameters)) Unify(px.Type, py.Type);
                Unify(x.Result, y.Result);
                return;
            case (PrimitiveType x, PrimitiveType y) when x == y:
                return;
        }
        throw new TypeCheckException($"type error: {Resolve(a)} != {Resolve(b)}");
    }

    private DataType Shallow(DataType t)
    {
        while (t is TypeVariable v && _bound.TryGetValue(v, out var next)) t = next;
        return t;
    }

    private void Bind(TypeVariable v, DataType t)
    {
        if (Occurs(v, t)) throw new TypeCheckException($"type error: {v} occurs in {Resolve(t)}");
        _bound[v] = t;
    }

    private bool Occurs(TypeVariable v, DataType t) => Shallow(t) switch
    {
        TypeVariable w => ReferenceEquals(v, w),
        var s => s.Children.Any(c => Occurs(v, c)),
    };
}
