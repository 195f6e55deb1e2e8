using System.Threading.Channels;
using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.ValueFunctions;

/// <summary>
/// The <c>value</c> package: reads what <c>value</c> resources store on this host. Each function returns
/// <c>struct{value T; ready bool}</c>; until the key has a value, <c>ready</c> is false and <c>value</c> is the zero
/// value of T.
/// </summary>
internal static class ValuePackage
{
    public const string Name = "value";

    public static void Register(FunctionRegistry registry) => registry
        .Add(Name, Get("get", "?1"))
        .Add(Name, Get("get_bool", "bool"))
        .Add(Name, Get("get_str", "str"))
        .Add(Name, Get("get_int", "int"))
        .Add(Name, Get("get_float", "float"));

    private static StreamFunction Get(string name, string valueType) => new(
        name,
        $"func(key str) struct{{value {valueType}; ready bool}}",
        type => new GetStream(name, (StructType)type.Result),
        $"The value stored under a key by a value resource, as struct{{value {valueType}; ready bool}}; follows its changes.")
    {
        OnCheck = t =>
        {
            var field = ((StructType)t.Result).FieldType("value")!;
            if (TypeRules.ContainsFunc(field)) throw new TypeCheckException($"value.{name} cannot hold a function ({field})");
        },
    };

    private sealed class GetStream(string name, StructType result) : StreamNode
    {
        protected override Task RunCoreAsync(IFunctionStream stream, CancellationToken cancel) =>
            StreamLoop.ForEachInputAsync(stream, cancel, async (args, token) =>
            {
                var key = args[0].AsStr();
                if (key.Length == 0) throw new FunctionException($"value.{name} needs a non-empty key");
                var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
                // The value resource sets the key while it runs: announcing the change right there keeps the agent
                // from converging before the program has read it.
                var announced = new System.Collections.Concurrent.ConcurrentQueue<IDisposable>();
                void OnChanged(string changed)
                {
                    if (changed != key) return;
                    announced.Enqueue(stream.ExpectChange());
                    changes.Writer.TryWrite(true);
                }
                var local = Context.Local;
                local.Changed += OnChanged;
                try
                {
                    Value? last = null;
                    while (true)
                    {
                        var seen = announced.Count; // the changes this read covers
                        var current = Read(local, key);
                        if (last is null || !last.Equals(current))
                        {
                            await stream.EmitAsync(current).ConfigureAwait(false);
                            last = current;
                        }
                        for (var i = 0; i < seen && announced.TryDequeue(out var done); i++) done.Dispose();
                        await changes.Reader.ReadAsync(token).ConfigureAwait(false);
                    }
                }
                finally
                {
                    local.Changed -= OnChanged;
                    while (announced.TryDequeue(out var left)) left.Dispose();
                }
            });

        private StructValue Read(Engine.Resources.LocalValues local, string key)
        {
            var valueType = result.FieldType("value")!;
            if (!local.TryGet(key, out var value)) return new StructValue(result, [Value.Zero(valueType), Value.Bool(false)]);
            if (!value.Type.Equals(valueType))
            {
                throw new FunctionException(
                    $"value.{name}: the value stored under {GoFormat.Quote(key)} is a {value.Type}, but the program reads it as a {valueType}; " +
                    "check the type of the value resource's 'any' field");
            }
            return new StructValue(result, [value, Value.Bool(true)]);
        }
    }
}
