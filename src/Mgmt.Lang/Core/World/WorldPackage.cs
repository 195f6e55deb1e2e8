using System.Collections.Immutable;
using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.WorldFunctions;

/// <summary>
/// The <c>world</c> package: values other hosts publish through the cluster's world, as streams that follow
/// every change. <c>getval</c> reads a shared key (written by <c>kv</c>), <c>kvlookup</c> every host's entry of a
/// mapped key (<c>kv</c> with <c>mapped => true</c>), <c>schedule</c> the hosts elected in a schedule namespace
/// (<c>schedule</c> resources). The collect functions are in <see cref="CollectFunctions"/>.
/// </summary>
internal static class WorldPackage
{
    public const string Name = "world";

    private static readonly StructType GetvalResult = new([new StructField("value", DataType.Str), new StructField("exists", DataType.Bool)]);
    private static readonly MapType HostMap = DataType.Map(DataType.Str, DataType.Str);

    public static void Register(FunctionRegistry registry)
    {
        registry
            .Add(Name, new StreamFunction("getval", "func(key str) struct{value str; exists bool}", _ => new GetvalStream(),
                "The value of a shared key of the cluster (set by kv resources), with exists => false while it is unset; follows its changes."))
            .Add(Name, new StreamFunction("kvlookup", "func(namespace str) map{str: str}", _ => new KvlookupStream(),
                "Every host's entry of a mapped key (kv resources with mapped => true), by hostname; follows hosts as they come and go."))
            .Add(Name, new StreamFunction("schedule", "func(namespace str) []str", _ => new ScheduleStream(),
                "The hosts elected in a schedule namespace (by its schedule resources), in election order; follows every change."));
        CollectFunctions.Register(registry);
    }

    private sealed class GetvalStream : StreamNode
    {
        protected override Task RunCoreAsync(IFunctionStream stream, CancellationToken cancel) =>
            StreamLoop.ForEachInputAsync(stream, cancel, (args, token) => WorldAccess.WatchAsync("world.getval", async () =>
            {
                var world = WorldAccess.Require(Context, "world.getval");
                await foreach (var value in world.WatchStringAsync(args[0].AsStr(), token).ConfigureAwait(false))
                {
                    await stream.EmitAsync(new StructValue(GetvalResult, [Value.Str(value ?? ""), Value.Bool(value is not null)])).ConfigureAwait(false);
                }
            }));
    }

    private sealed class KvlookupStream : StreamNode
    {
        protected override Task RunCoreAsync(IFunctionStream stream, CancellationToken cancel) =>
            StreamLoop.ForEachInputAsync(stream, cancel, (args, token) => WorldAccess.WatchAsync("world.kvlookup", async () =>
            {
                var world = WorldAccess.Require(Context, "world.kvlookup");
                await foreach (var map in world.WatchMapAsync(args[0].AsStr(), token).ConfigureAwait(false))
                {
                    var entries = map.Select(e => KeyValuePair.Create<Value, Value>(Value.Str(e.Key), Value.Str(e.Value)));
                    await stream.EmitAsync(new MapValue(HostMap, entries)).ConfigureAwait(false);
                }
            }));
    }

    private sealed class ScheduleStream : StreamNode
    {
        protected override Task RunCoreAsync(IFunctionStream stream, CancellationToken cancel) =>
            StreamLoop.ForEachInputAsync(stream, cancel, (args, token) => WorldAccess.WatchAsync("world.schedule", async () =>
            {
                var world = WorldAccess.Require(Context, "world.schedule");
                await foreach (var hosts in world.WatchScheduleAsync(args[0].AsStr(), token).ConfigureAwait(false))
                {
                    await stream.EmitAsync(Value.StrList(hosts)).ConfigureAwait(false);
                }
            }));
    }
}
