using System.Threading.Channels;

namespace Mgmt.Platform.Watching;

/// <summary>
/// A coalescing "something changed" flag between a callback (any thread, never blocks) and one async waiter:
/// any number of <see cref="Set"/> calls before a wait count as one change.
/// </summary>
public sealed class ChangeSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Records a change. Safe from any thread; never blocks.</summary>
    public void Set() => _channel.Writer.TryWrite(true);

    /// <summary>Completes when a change was recorded since the previous wait, and consumes it.</summary>
    public async ValueTask WaitAsync(CancellationToken cancel) =>
        await _channel.Reader.ReadAsync(cancel).ConfigureAwait(false);

    /// <summary>Consumes a recorded change without waiting; false when there was none.</summary>
    public bool TryConsume() => _channel.Reader.TryRead(out _);
}
