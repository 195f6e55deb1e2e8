using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Mgmt.World.Core;

/// <summary>
/// Turns a mirror projection into a watch: the reader gets the current state, then every new state; states
/// that arrive faster than it reads are coalesced, keeping only the newest, so it always ends on the latest.
/// </summary>
internal static class LatestValueWatch
{
    /// <summary>Watches <paramref name="keyPrefix"/> of <paramref name="mirror"/>; <paramref name="project"/> computes the
    /// state from the mirror, or returns false while the mirror is incomplete.</summary>
    public static async IAsyncEnumerable<T> RunAsync<T>(
        StoreMirror mirror,
        string keyPrefix,
        bool exact,
        TryProject<T> project,
        IEqualityComparer<T> comparer,
        CancellationToken worldClosing,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // One slot that always holds the newest unread state.
        var slot = Channel.CreateBounded<T>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        var gate = new Lock();
        var hasLast = false;
        T last = default!;
        void Refresh()
        {
            lock (gate)
            {
                if (!project(out var state) || (hasLast && comparer.Equals(last, state)))
                {
                    return;
                }
                last = state;
                hasLast = true;
                slot.Writer.TryWrite(state);
            }
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, worldClosing);
        using var subscription = mirror.Subscribe(keyPrefix, exact, Refresh);
        while (true)
        {
            try
            {
                if (!await slot.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false))
                {
                    yield break;
                }
            }
            catch (OperationCanceledException) when (worldClosing.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                yield break;
            }
            if (slot.Reader.TryRead(out var state))
            {
                yield return state;
            }
        }
    }

    public delegate bool TryProject<T>(out T state);
}
