using System.Collections.Concurrent;
using System.Threading.Channels;
using Mgmt.Engine.Values;
using Mgmt.Lang.Core;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Tests.Runtime.Support;

/// <summary>
/// Stream functions a test drives by hand (package <c>fake</c>): <c>fake.number("a")</c> emits whatever the test
/// pushes under "a". Also counting pass-through functions (<c>fake.tap_int("t", x)</c>) to see what recomputes,
/// and counters of how many stream nodes exist.
/// </summary>
internal sealed class FakeSources
{
    private readonly ConcurrentDictionary<string, Channel<object>> _channels = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private int _liveStreams;

    /// <summary>The standard library plus the <c>fake</c> package.</summary>
    public FunctionRegistry Registry()
    {
        var registry = CoreLibrary.Create();
        foreach (var (name, type) in new[] { ("number", "int"), ("text", "str"), ("truth", "bool"), ("names", "[]str"), ("pairs", "map{str: str}") })
        {
            registry.Add("fake", new StreamFunction(name, $"func(name str) {type}", _ => new Source(this)));
        }
        registry.Add("fake", new SimpleFunction("tap_int", "func(label str, x int) int", a => Tap(a[0], a[1])));
        registry.Add("fake", new SimpleFunction("tap_str", "func(label str, x str) str", a => Tap(a[0], a[1])));
        return registry;
    }

    /// <summary>
    /// Makes stream <paramref name="name"/> emit <paramref name="value"/>. Each name should be read by one call of
    /// a <c>fake</c> stream (bind it to a variable to use it twice): two readers would share its values.
    /// </summary>
    public void Push(string name, Value value) => Channel(name).Writer.TryWrite(value);

    public void Push(string name, long value) => Push(name, Value.Int(value));

    public void Push(string name, string value) => Push(name, Value.Str(value));

    public void Push(string name, bool value) => Push(name, Value.Bool(value));

    public void PushList(string name, params string[] items) => Push(name, Value.StrList(items));

    /// <summary>Makes stream <paramref name="name"/> fail: a catchable error, or a fatal one.</summary>
    public void Fail(string name, Exception error) => Channel(name).Writer.TryWrite(error);

    /// <summary>How many pushed values stream <paramref name="name"/> has not taken yet.</summary>
    public int Backlog(string name) => Channel(name).Reader.Count;

    /// <summary>How many times <c>fake.tap_*</c> ran with this label.</summary>
    public int Calls(string label) => _calls.GetValueOrDefault(label);

    /// <summary>How many fake stream nodes are running.</summary>
    public int LiveStreams => Volatile.Read(ref _liveStreams);

    private Value Tap(Value label, Value x)
    {
        _calls.AddOrUpdate(label.AsStr(), 1, (_, n) => n + 1);
        return x;
    }

    private Channel<object> Channel(string name) => _channels.GetOrAdd(name, _ => System.Threading.Channels.Channel.CreateUnbounded<object>());

    private sealed class Source(FakeSources owner) : StreamNode
    {
        protected override async Task RunCoreAsync(IFunctionStream stream, CancellationToken cancel)
        {
            Interlocked.Increment(ref owner._liveStreams);
            try
            {
                string? name = null;
                await foreach (var args in stream.Inputs.WithCancellation(cancel))
                {
                    name = args[0].AsStr();
                    break;
                }
                if (name is null) return;
                await foreach (var item in owner.Channel(name).Reader.ReadAllAsync(cancel))
                {
                    switch (item)
                    {
                        case Value v:
                            await stream.EmitAsync(v);
                            break;
                        case CatchableException c:
                            await stream.EmitErrorAsync(c);
                            break;
                        case Exception e:
                            throw e;
                    }
                }
            }
            finally
            {
                Interlocked.Decrement(ref owner._liveStreams);
            }
        }
    }
}
