using Mgmt.World.Core;
using Mgmt.World.Store;
using Mgmt.World.Tls;
using Microsoft.Extensions.Logging;

namespace Mgmt.World.Etcd;

/// <summary>
/// The registrar: gives every host that asks (<c>enrol/&lt;host&gt;</c>) its etcd user and role, and takes them away
/// from a host that is gone (neither an enrol request nor a presence) for longer than the grace period. It runs in
/// agents started with the registrar's certificate (a root user); it polls rather than watches, so that it heals by
/// itself after anything (a restart, a registrar racing it, etcd down for a while): each round compares what is
/// with what should be.
/// </summary>
internal sealed class EtcdRegistrar : IAsyncDisposable
{
    private readonly EtcdKeyValueStore _store;
    private readonly EtcdAccess _access;
    private readonly KeyLayout _layout;
    private readonly RegistrarOptions _options;
    private readonly HashSet<string> _verified = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _goneSince = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refused = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    private EtcdRegistrar(EtcdKeyValueStore store, KeyLayout layout, RegistrarOptions options)
    {
        _store = store;
        _layout = layout;
        _options = options;
        _access = new EtcdAccess(store.Client, layout, TimeSpan.FromSeconds(3));
    }

    /// <summary>Starts the loop over <paramref name="store"/> (connected with the registrar's certificate; the caller keeps owning it).</summary>
    public static EtcdRegistrar Start(EtcdKeyValueStore store, KeyLayout layout, RegistrarOptions options)
    {
        var registrar = new EtcdRegistrar(store, layout, options);
        registrar._loop = Task.Run(() => registrar.RunAsync(registrar._stop.Token));
        return registrar;
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await RoundAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is WorldException or StoreUnavailableException or OperationCanceledException)
            {
                AccessLog.Retrying(_options.Logger, "registering hosts", e.Message);
            }
            try
            {
                await Task.Delay(_options.Interval, _options.Time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One comparison of what is with what should be.</summary>
    internal async Task RoundAsync(CancellationToken cancellationToken)
    {
        var enrolled = Names(await _store.ListAsync(_layout.Enrol, cancellationToken).ConfigureAwait(false), _layout.Enrol);
        var present = Names(await _store.ListAsync(_layout.Hosts, cancellationToken).ConfigureAwait(false), _layout.Hosts);
        var removed = Names(await _store.ListAsync(_layout.Removed, cancellationToken).ConfigureAwait(false), _layout.Removed);
        foreach (var host in enrolled.Where(h => !_verified.Contains(h)))
        {
            if (Refusal(host, removed) is { } why)
            {
                if (_refused.Add(host)) AccessLog.Refused(_options.Logger, host, why);
                continue;
            }
            await _access.RegisterHostAsync(host, cancellationToken).ConfigureAwait(false);
            _verified.Add(host);
            AccessLog.Granted(_options.Logger, host);
        }
        var now = _options.Time.GetUtcNow();
        foreach (var host in await _access.RegisteredHostsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (removed.Contains(host) && !_options.Keep.Contains(host))
            {
                // A registrar that read the removed list just before the administrator's removal may have given the user back.
                if (await _access.UnregisterHostAsync(host, cancellationToken).ConfigureAwait(false)) AccessLog.Removed(_options.Logger, host, 0);
                _verified.Remove(host);
                continue;
            }
            if (enrolled.Contains(host) || present.Contains(host) || _options.Keep.Contains(host))
            {
                _goneSince.Remove(host);
                continue;
            }
            var since = _goneSince.TryGetValue(host, out var s) ? s : _goneSince[host] = now;
            if (now - since < _options.Grace) continue;
            await _access.UnregisterHostAsync(host, cancellationToken).ConfigureAwait(false);
            _goneSince.Remove(host);
            _verified.Remove(host);
            AccessLog.Removed(_options.Logger, host, Math.Round((now - since).TotalSeconds));
        }
        // A host that left and enrols again is registered again (its user may have been removed meanwhile).
        _verified.IntersectWith(enrolled);
        _refused.IntersectWith(enrolled);
    }

    private static string? Refusal(string host, HashSet<string> removed)
    {
        if (removed.Contains(host)) return $"an administrator removed it (mgmt cluster remove-host); 'mgmt cluster allow-host {host}' lets it enrol again";
        if (ClusterPermissions.IsReserved(host)) return "root and mgmt-... are reserved names (etcd users with more rights than a host's)";
        try
        {
            WorldKeys.ValidateHostname(host);
            return null;
        }
        catch (WorldKeyException e)
        {
            return e.Message;
        }
    }

    private static HashSet<string> Names(StoreRange range, string prefix) =>
        [.. range.Entries.Select(e => e.Key[prefix.Length..]).Where(n => n.Length > 0 && !n.Contains('/'))];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}

/// <summary>How a registrar runs.</summary>
internal sealed record RegistrarOptions
{
    /// <summary>How long a host may be gone (no enrol request, no presence) before its user and role are removed.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often it compares.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Hosts never removed (the registrar's own agent: it registered itself directly).</summary>
    public IReadOnlySet<string> Keep { get; init; } = new HashSet<string>();

    public ILogger Logger { get; init; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
