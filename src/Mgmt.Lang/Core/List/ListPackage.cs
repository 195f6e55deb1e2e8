using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Builtins;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Types;

namespace Mgmt.Lang.Core.ListFunctions;

/// <summary>The <c>list</c> package: joining and indexing lists.</summary>
internal static class ListPackage
{
    public const string Name = "list";

    public static void Register(FunctionRegistry registry) => registry
        .Add(Name, Concat())
        .Add(Name, LookupFunctions.ListLookup("lookup"));

    /// <summary><c>list.concat(l1, l2, ...)</c>: any number of lists of one element type, joined in order.</summary>
    private static BuiltinFunction Concat() => new PolymorphicFunction(
        "concat",
        site =>
        {
            Arity.AtLeast("list.concat", site, 1);
            var element = new TypeVariable();
            var list = DataType.List(element);
            return DataType.Func(
                [.. Enumerable.Range(0, site.ArgCount).Select(i => new FuncParam(SignatureParser.ArgName(i), list))],
                list);
        },
        (type, _, a) => new ListValue((ListType)type.Result, [.. a.SelectMany(l => l.AsList().Items)]),
        "Joins lists end to end.");
}
