using System.Threading.Channels;
using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Tests.Core.Support;

/// <summary>
/// Drives a <see cref="StreamFunctionNode"/> in a test: feeds argument sets and collects what it emits (values or
/// catchable errors), with timeouts so a broken stream fails the test instead of hanging it.
/// </summary>
internal sealed class TestFunctionStream : IFunctionStream
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<IReadOnlyList<Value>> _inputs = Channel.CreateUnbounded<IReadOnlyList<Value>>();
    private readonly Channel<object> _outputs = Channel.CreateUnbounded<object>();

    public IAsyncEnumerable<IReadOnlyList<Value>> Inputs => _inputs.Reader.ReadAllAsync();

    public ValueTask EmitAsync(Value value) => _outputs.Writer.WriteAsync(value);

    public ValueTask EmitErrorAsync(CatchableException error) => _outputs.Writer.WriteAsync(error);

    public void Send(params Value[] args) => _inputs.Writer.TryWrite(args);

    public void EndInputs() => _inputs.Writer.TryComplete();

    /// <summary>Starts a stream with no arguments: one empty argument set, then the end of inputs.</summary>
    public static TestFunctionStream WithoutArguments()
    {
        var s = new TestFunctionStream();
        s.Send();
        s.EndInputs();
        return s;
    }

    /// <summary>The next emitted item (a <see cref="Value"/> or a <see cref="CatchableException"/>).</summary>
    public async Task<object> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            return await _outputs.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("the stream emitted nothing in time");
        }
    }

    public async Task<Value> NextValueAsync(TimeSpan? timeout = null)
    {
        var item = await NextAsync(timeout);
        return item as Value ?? throw new Xunit.Sdk.XunitException($"expected a value, got error: {((Exception)item).Message}");
    }

    /// <summary>Skips emitted items until one satisfies the predicate.</summary>
    public async Task<object> UntilAsync(Func<object, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException("the stream never emitted the expected item");
            var item = await NextAsync(left);
            if (predicate(item)) return item;
        }
    }

    /// <summary>True when nothing is emitted within the given time.</summary>
    public async Task<bool> QuietForAsync(TimeSpan time)
    {
        try
        {
            await NextAsync(time);
            return false;
        }
        catch (TimeoutException)
        {
            return true;
        }
    }
}
