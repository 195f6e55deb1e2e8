using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.Support;

/// <summary>
/// A stream that reads a value again at a fixed interval and emits it when it changed: for sources that offer no
/// change notification (procfs and sysfs files such as /proc/loadavg do not support inotify). A catchable error
/// from the reader is emitted as the stream's value until a read succeeds again.
/// </summary>
internal sealed class PollingStream(TimeSpan interval, Func<IFunctionContext, IReadOnlyList<Value>, Value> read) : StreamNode
{
    protected override Task RunCoreAsync(IFunctionStream stream, CancellationToken cancel) =>
        StreamLoop.ForEachInputAsync(stream, cancel, async (args, token) =>
        {
            object? last = null;
            while (true)
            {
                object current;
                try
                {
                    current = read(Context, args);
                }
                catch (CatchableException e)
                {
                    current = e;
                }
                if (!Same(last, current))
                {
                    if (current is Value v) await stream.EmitAsync(v).ConfigureAwait(false);
                    else await stream.EmitErrorAsync((CatchableException)current).ConfigureAwait(false);
                    last = current;
                }
                await StreamLoop.DelayAsync(Context.Time, interval, token).ConfigureAwait(false);
            }
        });

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (Value x, Value y) => x.Equals(y),
        (CatchableException x, CatchableException y) => x.Message == y.Message,
        _ => false,
    };
}
