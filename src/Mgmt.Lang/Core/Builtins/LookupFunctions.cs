using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Types;

namespace Mgmt.Lang.Core.Builtins;

/// <summary>The lookup functions: <c>_lookup</c> (the <c>x[i]</c> syntax) and the named list and map lookups.</summary>
internal static class LookupFunctions
{
    /// <summary>
    /// <c>_lookup(listormap, indexorkey)</c>: a list index or a map key, decided once the first argument's type is
    /// known (a list takes an int index; a map its key type).
    /// </summary>
    public static BuiltinFunction Lookup() => new PolymorphicFunction(
        "_lookup",
        site =>
        {
            Arity.Require("_lookup", site, 2);
            return SignatureParser.ParseFunc("func(listormap ?1, indexorkey ?2) ?3");
        },
        (_, _, a) => a[0] is ListValue l ? Lookups.List(l, a[1].AsInt()) : Lookups.Map(a[0].AsMap(), a[1]),
        "Looks up a list element by index or a map value by key.")
    {
        OnRefine = (current, _, solver) =>
        {
            var container = solver.Resolve(current.Parameters[0].Type);
            switch (container)
            {
                case ListType l:
                    solver.Unify(current.Parameters[1].Type, DataType.Int);
                    solver.Unify(current.Result, l.Element);
                    return true;
                case MapType m:
                    solver.Unify(current.Parameters[1].Type, m.Key);
                    solver.Unify(current.Result, m.Value);
                    return true;
                case TypeVariable:
                    return false;
                default:
                    throw new TypeCheckException($"only a list or a map can be indexed with [], not a {container}");
            }
        },
    };

    /// <summary><c>list.lookup(list, index)</c> (also the top-level <c>list_lookup</c>).</summary>
    public static BuiltinFunction ListLookup(string name) => new SimpleFunction(
        name,
        "func(list []?1, index int) ?1",
        a => Lookups.List(a[0].AsList(), a[1].AsInt()),
        description: "Returns the element at an index of a list; a missing index is a catchable error.");

    /// <summary><c>map.lookup(map, key)</c> (also the top-level <c>map_lookup</c>).</summary>
    public static BuiltinFunction MapLookup(string name) => new SimpleFunction(
        name,
        "func(map map{?1: ?2}, key ?1) ?2",
        a => Lookups.Map(a[0].AsMap(), a[1]),
        description: "Returns the value of a key of a map; a missing key is a catchable error.");
}
