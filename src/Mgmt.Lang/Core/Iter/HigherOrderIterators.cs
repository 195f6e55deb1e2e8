using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Runtime;
using Mgmt.Lang.Types;

namespace Mgmt.Lang.Core.IterFunctions;

/// <summary>
/// The higher-order functions of the <c>iter</c> package (map, filter, reduce, zip): they call a function value
/// once per element, each call being its own sub-graph, so that a changed element only recomputes its own call.
/// </summary>
internal static class HigherOrderIterators
{
    public static void Register(FunctionRegistry registry) => registry
        .Add(IterPackage.Name, new HigherOrderFunction(
            "map",
            site =>
            {
                Arity.Require("iter.map", site, 2);
                return SignatureParser.ParseFunc("func(inputs []?1, function func(?1) ?2) []?2");
            },
            type => new MapIterator(type),
            "Calls the function on every element of the list; the results, in order."))
        .Add(IterPackage.Name, new HigherOrderFunction(
            "filter",
            site =>
            {
                Arity.Require("iter.filter", site, 2);
                return SignatureParser.ParseFunc("func(inputs []?1, function func(?1) bool) []?1");
            },
            type => new FilterIterator(type),
            "The elements of the list for which the function returns true, in order."))
        .Add(IterPackage.Name, new HigherOrderFunction(
            "reduce",
            site =>
            {
                Arity.Range("iter.reduce", site, 2, 3);
                return SignatureParser.ParseFunc(site.ArgCount == 3
                    ? "func(initval ?1, inputs []?1, function func(x ?1, y ?1) ?1) ?1"
                    : "func(inputs []?1, function func(x ?1, y ?1) ?1) ?1");
            },
            type => new ReduceIterator(type.Parameters.Count == 3),
            "Folds the list from the left with the function, starting from the initial value if one is given " +
            "(an empty list without one is a catchable error)."))
        .Add(IterPackage.Name, new HigherOrderFunction(
            "zip",
            site =>
            {
                Arity.Require("iter.zip", site, 3);
                return SignatureParser.ParseFunc("func(inputs1 []?1, inputs2 []?2, function func(?1, ?2) ?3) []?3");
            },
            type => new ZipIterator(type),
            "Calls the function on pairs of elements at the same index of both lists, up to the shorter one's length."));

    /// <summary>A built-in typed by a delegate whose node builds a sub-graph.</summary>
    private sealed class HigherOrderFunction(
        string name, Func<CallSite, FuncType> infer, Func<FuncType, SubgraphFunctionNode> create, string description)
        : BuiltinFunction(name)
    {
        public override string Description => description;

        public override FuncType Infer(CallSite site) => infer(site);

        public override FunctionNode Create(FuncType resolved) => create(resolved);
    }
}
