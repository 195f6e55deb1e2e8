namespace Mgmt.World.Core;

public abstract partial class StoreWorld
{
    private readonly SemaphoreSlim _scheduleGate = new(1, 1);
    private readonly Dictionary<string, Registration> _registrations = new(StringComparer.Ordinal);

    public async Task<bool> JoinScheduleAsync(string scheduleNamespace, ScheduleOptions options, CancellationToken cancellationToken)
    {
        WorldKeys.ValidateNamespace(scheduleNamespace);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var key = Layout.ScheduleKey(scheduleNamespace, Hostname);
        var value = WorldJson.Write(ScheduleComputation.ToRecord(options));
        await _scheduleGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_registrations.TryGetValue(scheduleNamespace, out var current))
            {
                if (current.Options == options)
                {
                    // Already a candidate: still make sure the entry is there (a persisted one may have been withdrawn elsewhere).
                    return current.Keeper is null
                        ? await Calls.RunAsync($"join schedule {scheduleNamespace}", (s, ct) => s.PutAsync(key, value, 0, ct), cancellationToken).ConfigureAwait(false)
                        : await current.Keeper.PutAsync(key, value, cancellationToken).ConfigureAwait(false);
                }
                if (SameLifetime(current.Options, options) && current.Keeper is not null)
                {
                    current.Options = options;
                    return await current.Keeper.PutAsync(key, value, cancellationToken).ConfigureAwait(false);
                }
                await DropRegistrationAsync(scheduleNamespace, current, cancellationToken).ConfigureAwait(false);
            }
            var registration = new Registration(options);
            if (options.Persist && options.Ttl is null)
            {
                // Persisted with no TTL: no lease at all, it stays until someone withdraws it.
                await Calls.RunAsync($"join schedule {scheduleNamespace}", (s, ct) => s.PutAsync(key, value, 0, ct), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                registration.Keeper = await LeaseKeeper.StartAsync(
                    Calls, options.Ttl ?? ScheduleOptions.DefaultTtl, $"schedule {scheduleNamespace}", null, cancellationToken).ConfigureAwait(false);
                await registration.Keeper.PutAsync(key, value, cancellationToken).ConfigureAwait(false);
            }
            _registrations[scheduleNamespace] = registration;
            return true;
        }
        finally
        {
            _scheduleGate.Release();
        }
    }

    public async Task<bool> WithdrawScheduleAsync(string scheduleNamespace, CancellationToken cancellationToken)
    {
        WorldKeys.ValidateNamespace(scheduleNamespace);
        await _scheduleGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_registrations.Remove(scheduleNamespace, out var current) && current.Keeper is not null)
            {
                await current.Keeper.DisposeAsync().ConfigureAwait(false);
                var key = Layout.ScheduleKey(scheduleNamespace, Hostname);
                var existed = await Calls.RunAsync($"withdraw from schedule {scheduleNamespace}", (s, ct) => s.DeleteAsync(key, ct), cancellationToken)
                    .ConfigureAwait(false);
                await Calls.RunAsync($"withdraw from schedule {scheduleNamespace}", (s, ct) => s.RevokeLeaseAsync(current.Keeper.LeaseId, ct), cancellationToken)
                    .ConfigureAwait(false);
                return existed;
            }
            // Also removes a persisted registration left by an earlier run of this agent.
            return await Calls.RunAsync($"withdraw from schedule {scheduleNamespace}",
                (s, ct) => s.DeleteAsync(Layout.ScheduleKey(scheduleNamespace, Hostname), ct), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _scheduleGate.Release();
        }
    }

    public async Task LeaveScheduleAsync(string scheduleNamespace, CancellationToken cancellationToken)
    {
        WorldKeys.ValidateNamespace(scheduleNamespace);
        await _scheduleGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_registrations.Remove(scheduleNamespace, out var current))
            {
                await LeaveAsync(current, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _scheduleGate.Release();
        }
    }

    public async Task<ScheduleState> GetScheduleAsync(string scheduleNamespace, CancellationToken cancellationToken)
    {
        WorldKeys.ValidateNamespace(scheduleNamespace);
        // Writer-first layout (scheduler/<host>/<namespace>): one range over every schedule, keeping this namespace.
        var range = await Calls.RunAsync($"read schedule {scheduleNamespace}", (s, ct) => s.ListAsync(Layout.Scheduler, ct), cancellationToken).ConfigureAwait(false);
        return ScheduleComputation.Compute(range.Entries, Layout.Scheduler, scheduleNamespace);
    }

    public IAsyncEnumerable<IReadOnlyList<string>> WatchScheduleAsync(string scheduleNamespace, CancellationToken cancellationToken)
    {
        WorldKeys.ValidateNamespace(scheduleNamespace);
        var area = Layout.Scheduler;
        var mirror = Mirror(area);
        return LatestValueWatch.RunAsync<IReadOnlyList<string>>(mirror, area, exact: false, (out IReadOnlyList<string> state) =>
        {
            var entries = mirror.Snapshot(area);
            state = entries is null ? [] : ScheduleComputation.Compute(entries, area, scheduleNamespace).Elected;
            return entries is not null;
        }, SnapshotComparers.List<string>(), Closing, cancellationToken);
    }

    private static bool SameLifetime(ScheduleOptions a, ScheduleOptions b) => a.Ttl == b.Ttl && a.Persist == b.Persist;

    private async Task DropRegistrationAsync(string scheduleNamespace, Registration registration, CancellationToken cancellationToken)
    {
        _registrations.Remove(scheduleNamespace);
        if (registration.Keeper is not null)
        {
            await registration.Keeper.RevokeAsync(cancellationToken).ConfigureAwait(false);
            await registration.Keeper.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            await Calls.RunAsync($"update schedule {scheduleNamespace}",
                (s, ct) => s.DeleteAsync(Layout.ScheduleKey(scheduleNamespace, Hostname), ct), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task LeaveAsync(Registration registration, CancellationToken cancellationToken)
    {
        if (registration.Keeper is null)
        {
            return; // persisted forever
        }
        if (registration.Options.Persist)
        {
            await registration.Keeper.AbandonAsync().ConfigureAwait(false); // runs out after its TTL
        }
        else
        {
            await registration.Keeper.RevokeAsync(cancellationToken).ConfigureAwait(false);
        }
        await registration.Keeper.DisposeAsync().ConfigureAwait(false);
    }

    private async Task LeaveAllSchedulesAsync()
    {
        await _scheduleGate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var registration in _registrations.Values)
            {
                await LeaveAsync(registration, CancellationToken.None).ConfigureAwait(false);
            }
            _registrations.Clear();
        }
        finally
        {
            _scheduleGate.Release();
        }
    }

    private async Task AbandonSchedulesAsync()
    {
        await _scheduleGate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var registration in _registrations.Values.Where(r => r.Keeper is not null))
            {
                await registration.Keeper!.AbandonAsync().ConfigureAwait(false);
                await registration.Keeper.DisposeAsync().ConfigureAwait(false);
            }
            _registrations.Clear();
        }
        finally
        {
            _scheduleGate.Release();
        }
    }

    private sealed class Registration(ScheduleOptions options)
    {
        public ScheduleOptions Options { get; set; } = options;
        public LeaseKeeper? Keeper { get; set; }
    }
}
