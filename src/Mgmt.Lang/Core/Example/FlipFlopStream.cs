using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.ExampleFunctions;

/// <summary><c>example.flipflop()</c>: false at once, then the opposite every five seconds.</summary>
internal sealed class FlipFlopStream : StreamNode
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task RunCoreAsync(IFunctionStream stream, CancellationToken cancel)
    {
        await StreamLoop.StartAsync(stream, cancel).ConfigureAwait(false);
        var value = false;
        while (true)
        {
            await stream.EmitAsync(Value.Bool(value)).ConfigureAwait(false);
            value = !value;
            await StreamLoop.DelayAsync(Context.Time, Interval, cancel).ConfigureAwait(false);
        }
    }
}
