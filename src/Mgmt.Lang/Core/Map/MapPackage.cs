using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Builtins;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Types;

namespace Mgmt.Lang.Core.MapFunctions;

/// <summary>The <c>map</c> package. Keys and values come out in key order, so results are deterministic.</summary>
internal static class MapPackage
{
    public const string Name = "map";

    public static void Register(FunctionRegistry registry) => registry
        .Add(Name, new PolymorphicFunction(
            "keys",
            site => Signature("map.keys", site, "func(m map{?1: ?2}) []?1"),
            (type, _, a) => new ListValue((ListType)type.Result, [.. a[0].AsMap().SortedEntries().Select(e => e.Key)]),
            "The keys of a map, sorted."))
        .Add(Name, new PolymorphicFunction(
            "values",
            site => Signature("map.values", site, "func(m map{?1: ?2}) []?2"),
            (type, _, a) => new ListValue((ListType)type.Result, [.. a[0].AsMap().SortedEntries().Select(e => e.Value)]),
            "The values of a map, in the order of their sorted keys."))
        .Add(Name, LookupFunctions.MapLookup("lookup"));

    private static FuncType Signature(string name, CallSite site, string text)
    {
        Arity.Require(name, site, 1);
        return SignatureParser.ParseFunc(text);
    }
}
