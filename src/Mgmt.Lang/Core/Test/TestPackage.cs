using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.TestFunctions;

/// <summary>
/// The <c>test</c> package: functions the language test suite uses to probe the runtime (how often values are
/// produced, how many instances are made, laziness of <c>&lt;|&gt;</c>).
/// </summary>
internal static class TestPackage
{
    public const string Name = "test";

    private const string Hello = "hello";

    public static void Register(FunctionRegistry registry)
    {
        registry
            .Add(Name, new StreamFunction("fastcount", "func() int", _ => new FastCountStream(),
                "Counts up from 0 as fast as the graph takes values."))
            .Add(Name, new StreamFunction("forloop", "func() []str", _ => new RepeatingStream(
                    [Value.StrList(["foo"])], Value.StrList(["bar"]), TimeSpan.FromSeconds(5)),
                "[\"foo\"] at first, then [\"bar\"] every five seconds."))
            .Add(Name, new StreamFunction("forkvloop", "func() map{str: str}", _ => new RepeatingStream(
                    [], FooBar(), TimeSpan.FromSeconds(5)),
                "{\"foo\": \"bar\"}, again every five seconds."))
            .Add(Name, new StreamFunction("one_stream", "func(count int) str", _ => new OneStream(),
                "\"x\" repeated count times; fails if its argument ever changes."))
            .Add(Name, new StreamFunction("slow_string", "func() str", _ => new SlowStringStream(),
                "A string, but only after five seconds."));
        foreach (var letter in "aceg") registry.Add(Name, OneInstanceStream($"one_instance_{letter}"));
        foreach (var letter in "bdfh") registry.Add(Name, OneInstancePure($"one_instance_{letter}"));
    }

    private static MapValue FooBar() =>
        new(DataType.Map(DataType.Str, DataType.Str), [new(Value.Str("foo"), Value.Str("bar"))]);

    /// <summary>A stream that must only ever be instantiated once per registry: a second node fails at Init.</summary>
    private static BuiltinFunction OneInstanceStream(string name)
    {
        var instances = 0;
        return new StreamFunction(name, "func() str", _ => new OnceStream(name, () => Interlocked.Increment(ref instances)),
            $"\"{Hello}\"; fails if the runtime makes more than one node for it.");
    }

    /// <summary>
    /// A plain (non-stream) function that must only ever be called once per registry: a second call fails. It is
    /// marked impure so that the compiler never evaluates it early, which would count as a call.
    /// </summary>
    private static BuiltinFunction OneInstancePure(string name)
    {
        var calls = 0;
        return new TypedFunction(name, "func() str", (_, _, _) => Interlocked.Increment(ref calls) == 1
            ? Value.Str(Hello)
            : throw new FunctionException($"test.{name} was called more than once; the runtime should compute it a single time"),
            description: $"\"{Hello}\"; fails if the runtime calls it more than once.",
            pure: false);
    }

    private sealed class OnceStream(string name, Func<int> count) : StreamNode
    {
        public override void Init(IFunctionContext context)
        {
            base.Init(context);
            if (count() > 1) throw new FunctionException($"test.{name} was instantiated more than once; the runtime should share one node");
        }

        protected override async Task RunCoreAsync(IFunctionStream stream, CancellationToken cancel)
        {
            await StreamLoop.StartAsync(stream, cancel).ConfigureAwait(false);
            await stream.EmitAsync(Value.Str(Hello)).ConfigureAwait(false);
        }
    }

    private sealed class FastCountStream : StreamNode
    {
        protected override async Task RunCoreAsync(IFunctionStream stream, CancellationToken cancel)
        {
            await StreamLoop.StartAsync(stream, cancel).ConfigureAwait(false);
            for (long i = 0; ; i++)
            {
                cancel.ThrowIfCancellationRequested();
                await stream.EmitAsync(Value.Int(i)).ConfigureAwait(false);
                // Let other work run between values: "as fast as possible" must not starve the graph.
                await Task.Yield();
            }
        }
    }

    /// <summary>Emits the first values once, then the repeated value at each interval.</summary>
    private sealed class RepeatingStream(Value[] first, Value repeated, TimeSpan interval) : StreamNode
    {
        protected override async Task RunCoreAsync(IFunctionStream stream, CancellationToken cancel)
        {
            await StreamLoop.StartAsync(stream, cancel).ConfigureAwait(false);
            foreach (var v in first)
            {
                await stream.EmitAsync(v).ConfigureAwait(false);
                await StreamLoop.DelayAsync(Context.Time, interval, cancel).ConfigureAwait(false);
            }
            while (true)
            {
                await stream.EmitAsync(repeated).ConfigureAwait(false);
                await StreamLoop.DelayAsync(Context.Time, interval, cancel).ConfigureAwait(false);
            }
        }
    }

    private sealed class OneStream : StreamNode
    {
        protected override async Task RunCoreAsync(IFunctionStream stream, CancellationToken cancel)
        {
            long? seen = null;
            await foreach (var args in stream.Inputs.WithCancellation(cancel).ConfigureAwait(false))
            {
                var count = args[0].AsInt();
                if (seen is { } previous)
                {
                    throw new FunctionException($"test.one_stream takes a single input, but it changed from {previous} to {count}");
                }
                if (count < 0) throw new FunctionException($"test.one_stream needs a count of 0 or more, not {count}");
                seen = count;
                await stream.EmitAsync(Value.Str(new string('x', (int)Math.Min(count, 1 << 20)))).ConfigureAwait(false);
            }
        }
    }

    private sealed class SlowStringStream : StreamNode
    {
        protected override async Task RunCoreAsync(IFunctionStream stream, CancellationToken cancel)
        {
            await StreamLoop.StartAsync(stream, cancel).ConfigureAwait(false);
            await StreamLoop.DelayAsync(Context.Time, TimeSpan.FromSeconds(5), cancel).ConfigureAwait(false);
            await stream.EmitAsync(Value.Str("five seconds has elapsed")).ConfigureAwait(false);
        }
    }
}
