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
    public static IAsyncEnumerable<T> RunAsync<T>(
        StoreMirror mirror,
        string keyPrefix,
        bool exact,
        TryProject<T> project,
        IEqualityComparer<T> comparer,
        CancellationToken worldClosing,
        CancellationToken cancellationToken) =>
        RunAsync([(mirror, keyPrefix, exact)], project, comparer, worldClosing, cancellationToken);

    /// <summary>Watches several areas at once: the state is computed again when any of them changes (exports
    /// depend on the hosts' sessions too).</summary>
    public static async IAsyncEnumerable<T> RunAsync<T>(
        IReadOnlyList<(StoreMirror Mirror, string KeyPrefix, bool Exact)> sources,
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
        var subscriptions = sources.Select(source => source.Mirror.Subscribe(source.KeyPrefix, source.Exact, Refresh)).ToList();
        using var _ = new Unsubscribe(subscriptions);
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

    private sealed class Unsubscribe(List<IDisposable> subscriptions) : IDisposable
    {
        public void Dispose() => subscriptions.ForEach(s => s.Dispose());
    }
}
