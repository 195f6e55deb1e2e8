using System.Collections.Concurrent;
using Mgmt.World.Store;

namespace Mgmt.World.Core;

/// <summary>
/// Holds one lease alive for as long as its owner lives, and the keys attached to it. When the store was
/// unreachable for longer than the TTL the lease is gone on return: the keeper takes a new one and writes
/// every key it owns again, so a host that survives an outage reappears by itself.
/// </summary>
internal sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly StoreCalls _calls;
    private readonly TimeSpan _ttl;
    private readonly string _what;
    private readonly Func<long, CancellationToken, Task>? _onNewLease;
    private readonly ConcurrentDictionary<string, string> _owned = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _renewing = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private long _leaseId;

    private LeaseKeeper(StoreCalls calls, TimeSpan ttl, string what, Func<long, CancellationToken, Task>? onNewLease)
    {
        _calls = calls;
        _ttl = ttl;
        _what = what;
        _onNewLease = onNewLease;
    }

    public long LeaseId => Interlocked.Read(ref _leaseId);

    /// <summary>
    /// Grants the first lease and runs <paramref name="onNewLease"/> with it (and again with every
    /// replacement lease after an outage); then keeps the lease alive in the background.
    /// </summary>
    public static async Task<LeaseKeeper> StartAsync(
        StoreCalls calls, TimeSpan ttl, string what, Func<long, CancellationToken, Task>? onNewLease, CancellationToken cancellationToken)
    {
        var keeper = new LeaseKeeper(calls, ttl, what, onNewLease);
        var lease = await calls.RunAsync($"create the lease of {what}", (s, ct) => s.GrantLeaseAsync(ttl, ct), cancellationToken).ConfigureAwait(false);
        try
        {
            if (onNewLease is not null)
            {
                await onNewLease(lease, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await RevokeQuietlyAsync(calls, lease).ConfigureAwait(false);
            throw;
        }
        keeper._leaseId = lease;
        keeper._loop = Task.Run(keeper.KeepAliveLoopAsync);
        return keeper;
    }

    /// <summary>Writes a key attached to the lease and remembers it, so it is written again after a lost lease.
    /// Returns false when it already held that value.</summary>
    public async Task<bool> PutAsync(string key, string value, CancellationToken cancellationToken)
    {
        _owned[key] = value;
        return await _calls.RunAsync($"write {key}", async (store, ct) =>
        {
            var lease = LeaseId;
            try
            {
                return await store.PutAsync(key, value, lease, ct).ConfigureAwait(false);
            }
            catch (StoreLeaseNotFoundException)
            {
                await RenewAsync(lease, ct).ConfigureAwait(false);
                return await store.PutAsync(key, value, LeaseId, ct).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a key this keeper owns. Returns false when it did not exist.</summary>
    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        _owned.TryRemove(key, out _);
        return _calls.RunAsync($"delete {key}", (s, ct) => s.DeleteAsync(key, ct), cancellationToken);
    }

    /// <summary>Clean end: stops the keep-alive and revokes the lease, deleting every attached key at once.</summary>
    public async Task RevokeAsync(CancellationToken cancellationToken)
    {
        await StopLoopAsync().ConfigureAwait(false);
        try
        {
            await _calls.RunAsync($"revoke the lease of {_what}", (s, ct) => s.RevokeLeaseAsync(LeaseId, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (WorldUnavailableException e)
        {
            // The lease runs out by itself within its TTL.
            WorldLog.Problem(_calls.Logger, $"{e.Message} (the entries of {_what} expire within {_ttl.TotalSeconds:0.#} s)");
        }
    }

    /// <summary>Stops the keep-alive without revoking: the attached keys expire after the TTL, as after a crash.</summary>
    public Task AbandonAsync() => StopLoopAsync();

    public async ValueTask DisposeAsync()
    {
        await StopLoopAsync().ConfigureAwait(false);
        _stop.Dispose();
        _renewing.Dispose();
    }

    private async Task StopLoopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task KeepAliveLoopAsync()
    {
        var token = _stop.Token;
        // A third of the TTL leaves two more chances before the lease runs out.
        var interval = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(100).Ticks, _ttl.Ticks / 3));
        var backoff = Backoff.Default();
        var delay = interval;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, _calls.Time, token).ConfigureAwait(false);
                var lease = LeaseId;
                var alive = await _calls.Store.KeepAliveAsync(lease, token).ConfigureAwait(false);
                if (backoff.Failures > 0)
                {
                    WorldLog.StoreBack(_calls.Logger, $"the lease of {_what}", 0);
                    backoff.Reset();
                }
                if (!alive)
                {
                    WorldLog.LeaseLost(_calls.Logger, _what, _ttl.TotalSeconds);
                    await RenewAsync(lease, token).ConfigureAwait(false);
                }
                delay = interval;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is StoreUnavailableException or WorldUnavailableException or StoreLeaseNotFoundException)
            {
                var wait = backoff.Next();
                delay = wait < interval ? wait : interval;
                WorldLog.StoreUnreachable(_calls.Logger, $"the lease of {_what}", e.Message, (long)delay.TotalMilliseconds);
            }
            catch (Exception e)
            {
                delay = interval;
                WorldLog.Problem(_calls.Logger, $"keeping the lease of {_what} alive failed: {e.Message}");
            }
        }
    }

    /// <summary>Replaces <paramref name="lostLease"/> (unless another caller already did) and rewrites every owned key.</summary>
    private async Task RenewAsync(long lostLease, CancellationToken cancellationToken)
    {
        await _renewing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (LeaseId != lostLease)
            {
                return;
            }
            var lease = await _calls.Store.GrantLeaseAsync(_ttl, cancellationToken).ConfigureAwait(false);
            if (_onNewLease is not null)
            {
                try
                {
                    await _onNewLease(lease, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    // Keep pointing at the lost lease, so the next keep-alive tries the whole renewal again.
                    await RevokeQuietlyAsync(_calls, lease).ConfigureAwait(false);
                    throw;
                }
            }
            Interlocked.Exchange(ref _leaseId, lease);
            foreach (var (key, value) in _owned)
            {
                await _calls.Store.PutAsync(key, value, lease, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _renewing.Release();
        }
    }

    /// <summary>Ends a lease that turned out useless; if the store cannot be told, the lease runs out by itself.</summary>
    private static async Task RevokeQuietlyAsync(StoreCalls calls, long lease)
    {
        try
        {
            await calls.Store.RevokeLeaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is StoreUnavailableException or WorldException)
        {
            WorldLog.Trace(calls.Logger, $"could not revoke lease {lease:x} ({e.Message}); it expires by itself");
        }
    }
}
