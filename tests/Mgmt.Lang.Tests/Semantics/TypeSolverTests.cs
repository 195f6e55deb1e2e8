using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Semantics;
using Mgmt.Lang.Types;

namespace Mgmt.Lang.Tests.Semantics;

/// <summary>The union-find unifier on its own.</summary>
public sealed class TypeSolverTests
{
    [Fact]
    public void Unknowns_are_solved_through_structures_and_chains()
    {
        var solver = new TypeSolver();
        var a = new TypeVariable();
        var b = new TypeVariable();
        var c = new TypeVariable();
        solver.Unify(a, b);
        solver.Unify(DataType.List(b), DataType.List(c));
        solver.Unify(DataType.Map(DataType.Str, c), DataType.Map(DataType.Str, DataType.Int));
        Assert.Equal(DataType.Int, solver.Resolve(a));
        Assert.Equal(DataType.Map(DataType.Int, DataType.List(DataType.Int)), solver.Resolve(DataType.Map(a, DataType.List(b))));
    }

    [Fact]
    public void Structs_unify_field_by_field_when_the_names_match()
    {
        var solver = new TypeSolver();
        var x = new TypeVariable();
        solver.Unify(DataType.Struct(new("a", x), new("b", DataType.Str)), DataType.Struct(new("a", DataType.Bool), new("b", DataType.Str)));
        Assert.Equal(DataType.Bool, solver.Resolve(x));
        Assert.Throws<TypeMismatch>(() => solver.Unify(DataType.Struct(new StructField("a", DataType.Bool)), DataType.Struct(new StructField("z", DataType.Bool))));
    }

    [Fact]
    public void Functions_unify_by_position_and_report_different_arities()
    {
        var solver = new TypeSolver();
        var r = new TypeVariable();
        solver.Unify(DataType.Func([new("x", DataType.Int)], r), DataType.Func([new("other", DataType.Int)], DataType.Str));
        Assert.Equal(DataType.Str, solver.Resolve(r));
        var e = Assert.Throws<TypeMismatch>(() => solver.Unify(
            DataType.Func([new("a", DataType.Int)], DataType.Int),
            DataType.Func([new("a", DataType.Int), new("b", DataType.Int)], DataType.Int)));
        Assert.Equal(TypeMismatchKind.ArgumentCount, e.Kind);
    }

    [Fact]
    public void Clashes_name_the_clashing_parts()
    {
        var solver = new TypeSolver();
        var e = Assert.Throws<TypeMismatch>(() => solver.Unify(DataType.List(DataType.Str), DataType.List(DataType.Int)));
        Assert.Equal((DataType.Str, DataType.Int), (e.Expected, e.Found));
        Assert.Equal("expected str, found int", e.Describe());
        Assert.Throws<TypeMismatch>(() => solver.Unify(DataType.Variant, DataType.Int));
    }

    [Fact]
    public void A_type_cannot_contain_itself()
    {
        var solver = new TypeSolver();
        var f = new TypeVariable();
        var e = Assert.Throws<TypeMismatch>(() => solver.Unify(f, DataType.Func([new("x", f)], DataType.Int)));
        Assert.Equal(TypeMismatchKind.SelfReference, e.Kind);
        Assert.Same(f, solver.Find(f)); // nothing was bound
    }

    [Fact]
    public void Progress_counts_new_bindings_and_refine_errors_become_type_check_exceptions()
    {
        var solver = new TypeSolver();
        var before = solver.Progress;
        var v = new TypeVariable();
        solver.Unify(v, DataType.Int);
        solver.Unify(v, DataType.Int);
        Assert.Equal(before + 1, solver.Progress);
        ITypeSolver asSeenByBuiltins = solver;
        Assert.Throws<TypeCheckException>(() => asSeenByBuiltins.Unify(v, DataType.Str));
    }

    [Fact]
    public void Long_chains_of_unknowns_do_not_exhaust_the_stack()
    {
        var solver = new TypeSolver();
        var first = new TypeVariable();
        var previous = first;
        for (var i = 0; i < 200_000; i++)
        {
            var next = new TypeVariable();
            solver.Unify(previous, next);
            previous = next;
        }
        solver.Unify(previous, DataType.Float);
        Assert.Equal(DataType.Float, solver.Resolve(first));
    }
}
