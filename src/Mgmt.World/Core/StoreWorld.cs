using Mgmt.World.Store;

namespace Mgmt.World.Core;

/// <summary>
/// The world's behaviour over any <see cref="IKeyValueStore"/>: the key layout, this host's session lease,
/// watches as mirror projections, scheduling. The embedded and the etcd world are this class over their
/// store, so they keep the same promises by construction; the shared contract tests check it.
/// </summary>
public abstract partial class StoreWorld : IWorld
{
    private readonly Lock _mirrorsGate = new();
    private readonly Dictionary<string, StoreMirror> _mirrors = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closing = new();
    private LeaseKeeper? _session;
    private int _closed;

    private protected StoreWorld(WorldOptions options, IKeyValueStore store, string storeDescription)
    {
        options.Validate();
        Options = options;
        Layout = new KeyLayout(options.Cluster);
        Calls = new StoreCalls(store, options.OperationTimeout, options.Time, options.Logger, storeDescription) { Metrics = options.Metrics };
        Instance = Guid.NewGuid().ToString("N")[..12];
    }

    public string Hostname => Options.Hostname;

    /// <summary>A random id of this agent run, published in its presence entry.</summary>
    public string Instance { get; }

    private protected WorldOptions Options { get; }

    internal KeyLayout Layout { get; }

    internal StoreCalls Calls { get; }

    private LeaseKeeper Session => _session ?? throw new InvalidOperationException("the world is not started");

    /// <summary>Takes the session lease and claims the hostname; throws <see cref="HostnameInUseException"/>
    /// when another live agent holds it.</summary>
    private protected async Task StartAsync(string implementation, CancellationToken cancellationToken)
    {
        _session = await LeaseKeeper.StartAsync(Calls, Options.SessionTtl, $"host {Hostname}", ClaimHostnameAsync, cancellationToken)
            .ConfigureAwait(false);
        WorldLog.Joined(Options.Logger, Hostname, implementation);
    }

    private async Task ClaimHostnameAsync(long lease, CancellationToken cancellationToken)
    {
        var presence = WorldJson.Write(new PresenceRecord(Instance, Options.Time.GetUtcNow(), Environment.ProcessId));
        var key = Layout.HostKey(Hostname);
        var holder = await Calls.RunAsync($"claim the hostname {Hostname}", (s, ct) => s.CreateAsync(key, presence, lease, ct), cancellationToken)
            .ConfigureAwait(false);
        if (holder is null || holder.LeaseId == lease)
        {
            return;
        }
        var other = WorldJson.TryRead(holder.Value, WorldJson.Default.PresenceRecord);
        var who = other is null ? "another agent" : $"another agent (pid {other.Pid}, running since {other.Started:u})";
        throw new HostnameInUseException(
            $"the hostname \"{Hostname}\" is already used by {who} in cluster \"{Options.Cluster}\": every agent needs its own name. "
            + $"Start this one with another --hostname, or stop the other one; if it died without a clean shutdown its claim expires within {Options.SessionTtl.TotalSeconds:0.#} s of its death.");
    }

    internal CancellationToken Closing => _closing.Token;

    internal StoreMirror Mirror(string areaPrefix)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) != 0, this);
        lock (_mirrorsGate)
        {
            // Checked again under the lock: closing collects the mirrors under it, so none is created after.
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) != 0, this);
            if (!_mirrors.TryGetValue(areaPrefix, out var mirror))
            {
                mirror = new StoreMirror(Calls.Store, areaPrefix, Options.Logger, Options.Time);
                _mirrors[areaPrefix] = mirror;
            }
            return mirror;
        }
    }

    // ---- strings ----

    public async Task<string?> GetStringAsync(string key, CancellationToken cancellationToken)
    {
        WorldKeys.ValidateStringKey(key);
        var entry = await Calls.RunAsync($"read the value of \"{key}\"", (s, ct) => s.GetAsync(Layout.StringKey(key), ct), cancellationToken)
            .ConfigureAwait(false);
        return entry?.Value;
    }

    public Task<bool> SetStringAsync(string key, string value, CancellationToken cancellationToken)
    {
        WorldKeys.ValidateStringKey(key);
        WorldKeys.ValidateValue(value, $"\"{key}\"");
        return Calls.RunAsync($"set the value of \"{key}\"", (s, ct) => s.PutAsync(Layout.StringKey(key), value, 0, ct), cancellationToken);
    }

    public Task<bool> DeleteStringAsync(string key, CancellationToken cancellationToken)
    {
        WorldKeys.ValidateStringKey(key);
        return Calls.RunAsync($"delete the value of \"{key}\"", (s, ct) => s.DeleteAsync(Layout.StringKey(key), ct), cancellationToken);
    }

    public IAsyncEnumerable<string?> WatchStringAsync(string key, CancellationToken cancellationToken)
    {
        WorldKeys.ValidateStringKey(key);
        var full = Layout.StringKey(key);
        var mirror = Mirror(Layout.Strings);
        return LatestValueWatch.RunAsync<string?>(mirror, full, exact: true, (out string? state) =>
        {
            var entries = mirror.Snapshot(full);
            state = entries?.FirstOrDefault(e => e.Key == full)?.Value;
            return entries is not null;
        }, EqualityComparer<string?>.Default, Closing, cancellationToken);
    }

    // ---- membership ----

    public async Task<IReadOnlyList<HostInfo>> GetHostsAsync(CancellationToken cancellationToken)
    {
        var range = await Calls.RunAsync("list the live hosts", (s, ct) => s.ListAsync(Layout.Hosts, ct), cancellationToken).ConfigureAwait(false);
        return ToHosts(range.Entries);
    }

    public IAsyncEnumerable<IReadOnlyList<HostInfo>> WatchHostsAsync(CancellationToken cancellationToken)
    {
        var mirror = Mirror(Layout.Hosts);
        return LatestValueWatch.RunAsync<IReadOnlyList<HostInfo>>(mirror, Layout.Hosts, exact: false, (out IReadOnlyList<HostInfo> state) =>
        {
            var entries = mirror.Snapshot(Layout.Hosts);
            state = entries is null ? [] : ToHosts(entries);
            return entries is not null;
        }, SnapshotComparers.List<HostInfo>(), Closing, cancellationToken);
    }

    private List<HostInfo> ToHosts(IEnumerable<StoreEntry> entries) =>
    [
        .. entries
            .Select(e => (Host: e.Key[Layout.Hosts.Length..], Record: WorldJson.TryRead(e.Value, WorldJson.Default.PresenceRecord)))
            .Where(h => h.Host.Length > 0 && !h.Host.Contains('/'))
            .Select(h => new HostInfo(h.Host, h.Record?.Instance ?? "", h.Record?.Started ?? default, h.Record?.Pid ?? 0))
            .OrderBy(h => h.Hostname, StringComparer.Ordinal),
    ];

    // ---- lifecycle ----

    /// <summary>Leaves cleanly: this host's presence, map entries, exports and unpersisted schedule
    /// registrations disappear at once; watches end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }
        await LeaveAllSchedulesAsync().ConfigureAwait(false);
        if (_session is not null)
        {
            await _session.RevokeAsync(CancellationToken.None).ConfigureAwait(false);
            await _session.DisposeAsync().ConfigureAwait(false);
        }
        await CloseAsync().ConfigureAwait(false);
        WorldLog.Left(Options.Logger, Hostname);
        await DisposeStoreAsync().ConfigureAwait(false);
    }

    /// <summary>Test hook: stops as if the process were killed. Nothing is revoked: this host's entries expire
    /// when their leases run out, as after a real crash.</summary>
    internal async Task CrashAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }
        await AbandonSchedulesAsync().ConfigureAwait(false);
        if (_session is not null)
        {
            await _session.AbandonAsync().ConfigureAwait(false);
            await _session.DisposeAsync().ConfigureAwait(false);
        }
        await CloseAsync().ConfigureAwait(false);
        await DisposeStoreAsync().ConfigureAwait(false);
    }

    /// <summary>Releases the store when this world owns it.</summary>
    private protected abstract ValueTask DisposeStoreAsync();

    private async Task CloseAsync()
    {
        await _closing.CancelAsync().ConfigureAwait(false);
        StoreMirror[] mirrors;
        lock (_mirrorsGate)
        {
            mirrors = [.. _mirrors.Values];
            _mirrors.Clear();
        }
        foreach (var mirror in mirrors)
        {
            await mirror.DisposeAsync().ConfigureAwait(false);
        }
    }
}
