using System.Collections.Immutable;
using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;
using Mgmt.World;

namespace Mgmt.Lang.Core.WorldFunctions;

/// <summary>
/// Exported resources as the language sees them: <c>world/collect.res(kind)</c> lists what other hosts exported to
/// this host (or to every host) as <c>[]struct{name str; host str}</c>, <c>host</c> being the exporting host; the
/// internal <c>_collect(kind)</c> adds the encoded resource (<c>data</c>) and feeds the <c>collect</c> statement.
/// Both follow every change.
/// </summary>
internal static class CollectFunctions
{
    /// <summary>The package of <c>res</c>.</summary>
    public const string Package = "world/collect";

    /// <summary>The internal function behind the <c>collect</c> statement (top level, not callable by name).</summary>
    public const string InternalName = "_collect";

    /// <summary>What <c>res</c> returns an element of.</summary>
    public static readonly StructType Available = new([new StructField("name", DataType.Str), new StructField("host", DataType.Str)]);

    /// <summary>What <c>_collect</c> returns an element of.</summary>
    public static readonly StructType Collected = new(
        [new StructField("name", DataType.Str), new StructField("host", DataType.Str), new StructField("data", DataType.Str)]);

    /// <summary>The node of one <c>collect</c> statement: every export of <c>kind</c> visible to this host.</summary>
    public static StreamFunctionNode CreateCollectNode() => new CollectStream(withData: true, InternalName);

    public static FuncType CollectType { get; } = new([new FuncParam("kind", DataType.Str)], DataType.List(Collected));

    public static void Register(FunctionRegistry registry) => registry
        .Add(Package, new StreamFunction("res", "func(kind str) []struct{name str; host str}", _ => new CollectStream(withData: false, "world/collect.res"),
            "The resources of one kind that other hosts exported to this host or to every host, as name and exporting host; follows every change."))
        .Add("", new StreamFunction(InternalName, "func(kind str) []struct{name str; host str; data str}", _ => CreateCollectNode(),
            "Internal: the exported resources of one kind with their encoded data, for the collect statement."));

    private sealed class CollectStream(bool withData, string function) : StreamNode
    {
        protected override Task RunCoreAsync(IFunctionStream stream, CancellationToken cancel) =>
            StreamLoop.ForEachInputAsync(stream, cancel, (args, token) => WorldAccess.WatchAsync(function, async () =>
            {
                var kind = args[0].AsStr();
                WorldKeys.ValidateKind(kind);
                var world = WorldAccess.Require(Context, function);
                await foreach (var exports in world.WatchCollectAsync(new ExportFilter(Kind: kind), token).ConfigureAwait(false))
                {
                    await stream.EmitAsync(ToValue(exports)).ConfigureAwait(false);
                }
            }));

        private ListValue ToValue(IReadOnlyList<ExportedResource> exports)
        {
            var type = withData ? Collected : Available;
            // The same resource exported to this host and to every host is one entry.
            var items = exports
                .DistinctBy(e => (e.Name, e.FromHost))
                .Select(e => (Value)new StructValue(type, withData
                    ? [Value.Str(e.Name), Value.Str(e.FromHost), Value.Str(e.Payload)]
                    : [Value.Str(e.Name), Value.Str(e.FromHost)]));
            return new ListValue(DataType.List(type), [.. items]);
        }
    }
}
