using Mgmt.Engine.Resources;
using Microsoft.Extensions.Logging;

namespace Mgmt.Engine.Exports;

/// <summary>
/// Publishes the resources marked with <c>Meta:export</c> and withdraws the exports whose resource left the graph.
/// A resource is exported during its Process, after its CheckApply succeeded, so an export waits for what the
/// resource depends on. What was published is remembered, so a Process that changes nothing writes nothing.
/// </summary>
/// <remarks>
/// Every store call holds one asynchronous lock: a withdrawal computed from an older graph can then never remove
/// an export that a newer graph publishes again (the prune always looks at the graph running when it runs).
/// Withdrawals that fail are retried in the background with backoff, until they succeed or the engine stops.
/// Nothing is withdrawn at shutdown: the exports are tied to the agent's session, which its world closes.
/// </remarks>
internal sealed class Exporter(
    IExportStore? store, Func<IReadOnlyCollection<Resource>> liveResources, string? deploySemaphore, TimeProvider time, ILogger log) : IAsyncDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _storeLock = new(1, 1);
    private readonly Dictionary<ExportAddress, string> _published = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _pruneGate = new();
    private Task _pruning = Task.CompletedTask;
    private bool _prunePending;

    /// <summary>
    /// Publishes what <paramref name="resource"/> exports, when it changed since it was last published. Does
    /// nothing for a resource without exports or in noop mode (noop changes nothing, the store included).
    /// </summary>
    /// <exception cref="InvalidOperationException">This engine has no store to export to.</exception>
    public async Task ExportAsync(Resource resource, CancellationToken cancel)
    {
        var meta = resource.Meta;
        if (meta.Export.Count == 0 || meta.Noop) return;
        if (store is null)
        {
            throw new InvalidOperationException(
                "Meta:export needs a cluster store to publish to, and this engine runs without one; remove Meta:export or run it in an agent");
        }
        var payload = ExportCodec.Encode(AsDeclared(resource));
        await _storeLock.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            var entries = new List<ExportEntry>();
            foreach (var to in meta.Export.Distinct(StringComparer.Ordinal))
            {
                var address = new ExportAddress(resource.Kind, resource.Name, to);
                if (_published.TryGetValue(address, out var known) && known == payload) continue;
                entries.Add(new ExportEntry(address, payload));
            }
            if (entries.Count == 0) return;
            await store.PublishAsync(entries, cancel).ConfigureAwait(false);
            foreach (var e in entries) _published[e.Address] = e.Payload;
            ExportLog.Exported(log, resource.ToString(), string.Join(", ", entries.Select(e => e.Address.ToHost)));
        }
        finally
        {
            _storeLock.Release();
        }
    }

    /// <summary>
    /// The resource as its program declared it: without the semaphore that <c>--sema</c> added on this host, which
    /// means nothing to the host that collects it.
    /// </summary>
    private Resource AsDeclared(Resource resource)
    {
        if (deploySemaphore is null || !resource.Meta.Sema.Contains(deploySemaphore)) return resource;
        var copy = resource.Copy();
        copy.Meta = resource.Meta with { Sema = [.. resource.Meta.Sema.Where(s => s != deploySemaphore)] };
        return copy;
    }

    /// <summary>
    /// Asks for the exports of resources that are no longer in the running graph to be withdrawn. Returns at once;
    /// the withdrawal runs in the background (retried while the store is unreachable).
    /// </summary>
    public void RequestPrune()
    {
        if (store is null) return;
        lock (_pruneGate)
        {
            if (_stopping.IsCancellationRequested) return;
            _prunePending = true;
            if (!_pruning.IsCompleted) return; // the running loop will see the request
            _pruning = Task.Run(PruneLoopAsync);
        }
    }

    /// <summary>Completes once every requested prune ran (for tests and orderly shutdown).</summary>
    public Task PruneIdleAsync()
    {
        lock (_pruneGate) return _pruning;
    }

    private async Task PruneLoopAsync()
    {
        var delay = FirstRetry;
        while (true)
        {
            lock (_pruneGate)
            {
                if (!_prunePending || _stopping.IsCancellationRequested) return;
                _prunePending = false;
            }
            try
            {
                await PruneOnceAsync(_stopping.Token).ConfigureAwait(false);
                delay = FirstRetry;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                ExportLog.PruneFailed(log, e.Message, delay.TotalSeconds);
                lock (_pruneGate) _prunePending = true;
                try
                {
                    await Task.Delay(delay, time, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetry.Ticks));
            }
        }
    }

    private async Task PruneOnceAsync(CancellationToken cancel)
    {
        await _storeLock.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            var keep = new HashSet<ExportAddress>();
            foreach (var r in liveResources())
            {
                foreach (var to in r.Meta.Export) keep.Add(new ExportAddress(r.Kind, r.Name, to));
            }
            var gone = _published.Keys.Where(a => !keep.Contains(a)).ToList();
            if (gone.Count == 0) return;
            await store!.WithdrawAsync(gone, cancel).ConfigureAwait(false);
            foreach (var a in gone) _published.Remove(a);
            ExportLog.Withdrawn(log, gone.Count, string.Join(", ", gone));
        }
        finally
        {
            _storeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task pruning;
        lock (_pruneGate)
        {
            _stopping.Cancel();
            pruning = _pruning;
        }
        await pruning.ConfigureAwait(false);
        _stopping.Dispose();
    }
}
