using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Types;

namespace Mgmt.Lang.Core.Builtins;

/// <summary>
/// Struct field access: <c>$s-&gt;field</c> lowers to <c>_struct_lookup($s, "field")</c>, and
/// <c>$s-&gt;field &lt;|&gt; default</c> to <c>_struct_lookup_optional($s, "field", default)</c>. The field name is
/// always a constant, so a missing field is found at compile time.
/// </summary>
internal static class StructLookupFunctions
{
    public static BuiltinFunction Required() => new PolymorphicFunction(
        "_struct_lookup",
        site =>
        {
            Arity.Require("_struct_lookup", site, 2);
            FieldName(site, 1);
            return SignatureParser.ParseFunc("func(struct ?1, field str) ?2");
        },
        (_, _, a) => a[0].AsStruct().TryGet(a[1].AsStr(), out var v)
            ? v
            : throw new FunctionException($"struct has no field '{a[1].AsStr()}'"),
        "Returns a field of a struct.")
    {
        OnRefine = (current, site, solver) =>
        {
            var field = FieldName(site, 1);
            if (StructOf(current, solver, "->") is not { } st) return false;
            var fieldType = st.FieldType(field) ?? throw new TypeCheckException(MissingField(st, field));
            solver.Unify(current.Result, fieldType);
            return true;
        },
    };

    public static BuiltinFunction Optional() => new PolymorphicFunction(
        "_struct_lookup_optional",
        site =>
        {
            Arity.Require("_struct_lookup_optional", site, 3);
            FieldName(site, 1);
            return SignatureParser.ParseFunc("func(struct ?1, field str, optional ?2) ?2");
        },
        (_, _, a) => a[0].AsStruct().TryGet(a[1].AsStr(), out var v) ? v : a[2],
        "Returns a field of a struct, or the default when the struct type has no such field.")
    {
        OnRefine = (current, site, solver) =>
        {
            var field = FieldName(site, 1);
            if (StructOf(current, solver, "->") is not { } st) return false;
            // A struct without the field is fine here: the default is used. With it, both must have one type.
            if (st.FieldType(field) is { } fieldType) solver.Unify(current.Result, fieldType);
            return true;
        },
    };

    private static string FieldName(CallSite site, int index)
    {
        if (site.StaticArg(index) is not StrValue s)
        {
            throw new TypeCheckException("the field name of a struct lookup must be a constant string");
        }
        if (s.V.Length == 0) throw new TypeCheckException("the field name of a struct lookup must not be empty");
        return s.V;
    }

    private static StructType? StructOf(FuncType current, ITypeSolver solver, string op) =>
        solver.Resolve(current.Parameters[0].Type) switch
        {
            StructType st => st,
            TypeVariable => null,
            var other => throw new TypeCheckException($"{op} needs a struct on its left, not a {other}"),
        };

    private static string MissingField(StructType st, string field) => st.Fields.Count == 0
        ? $"struct{{}} has no field '{field}'"
        : $"struct has no field '{field}' (its fields are: {string.Join(", ", st.Fields.Select(f => f.Name))})";
}
