using System.Collections.Concurrent;
using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Runtime;

/// <summary>
/// The engine's named counting semaphores (<c>Meta:sema</c>). Ids are global to the engine and survive graph
/// swaps. A vertex takes all of its semaphores in one sorted order, so two vertices can never each hold one the
/// other waits for: no deadlock, whatever order the user listed them in.
/// </summary>
internal sealed class SemaphoreTable
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _semaphores = new(StringComparer.Ordinal);

    /// <summary>The ids of a set of <c>Meta:sema</c> entries, deduplicated and in acquisition order.</summary>
    public static string[] Order(IEnumerable<string> entries) =>
        [.. entries.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Takes every semaphore in <paramref name="ids"/> (in that order); on cancellation holds none.</summary>
    public async Task AcquireAsync(string[] ids, CancellationToken cancel)
    {
        for (var i = 0; i < ids.Length; i++)
        {
            try
            {
                await Get(ids[i]).WaitAsync(cancel).ConfigureAwait(false);
            }
            catch
            {
                Release(ids, i);
                throw;
            }
        }
    }

    /// <summary>Releases the first <paramref name="count"/> semaphores of <paramref name="ids"/> (all when omitted).</summary>
    public void Release(string[] ids, int count = -1)
    {
        if (count < 0) count = ids.Length;
        for (var i = count - 1; i >= 0; i--) Get(ids[i]).Release();
    }

    private SemaphoreSlim Get(string id) =>
        _semaphores.GetOrAdd(id, static key => new SemaphoreSlim(Resources.Semaphore.Parse(key).Count));
}
