using System.Collections.Concurrent;

namespace Mgmt.Engine.Resources;

/// <summary>
/// A host service: locks by name, shared by the resources of one agent, so that resources touching one thing
/// (two <c>json:edit</c> resources editing one document) take turns instead of losing each other's change.
/// </summary>
public sealed class KeyedLocks
{
    // One gate per name ever used; the names of one agent's graphs are few.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <summary>Waits for the lock named <paramref name="key"/>; disposing the result releases it.</summary>
    public async Task<IDisposable> TakeAsync(string key, CancellationToken cancel)
    {
        var gate = _gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancel).ConfigureAwait(false);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) gate.Release();
        }
    }
}
