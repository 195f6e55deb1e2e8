using Tmds.DBus.Protocol;

namespace Mgmt.Platform.Systemd;

// Signals: job results for the waiting callers, and the change signals a resource's watch listens to.
public sealed partial class SystemdManager
{
    private async Task StartFollowingJobsAsync()
    {
        var rule = new MatchRule
        {
            Type = MessageType.Signal,
            Path = ManagerPath,
            Interface = ManagerInterface,
            Member = "JobRemoved",
        };
        _jobWatch = await _connection.AddMatchAsync(rule,
            static (m, _) =>
            {
                // JobRemoved(u id, o job, s unit, s result)
                var reader = m.GetBodyReader();
                reader.ReadUInt32();
                var job = reader.ReadObjectPathAsString();
                reader.ReadString();
                return (Job: job, Result: reader.ReadString());
            },
            (Notification<(string Job, string Result)> n) =>
            {
                if (n.HasValue) _jobs.Removed(n.Value.Job, n.Value.Result);
            },
            emitOnCapturedContext: false, flags: ObserverFlags.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Calls <paramref name="changed"/> whenever <paramref name="unit"/> may have changed: its properties changed
    /// (started, stopped, failed, reloaded...), systemd finished reloading its unit files (a unit that did not
    /// exist may exist now) or unit files were enabled or disabled. <paramref name="lost"/> is called once if the
    /// connection to systemd is lost, after which no more changes come. Dispose the result to stop watching.
    /// </summary>
    /// <remarks>The handlers run on the connection's receive loop: they must be quick and must not block.</remarks>
    public async Task<IDisposable> WatchUnitAsync(string unit, Action changed, Action<Exception> lost, CancellationToken cancel)
    {
        var observers = new List<IDisposable>();
        var reported = 0;
        void Handle(Exception? e, bool relevant)
        {
            if (e is not null)
            {
                if (Interlocked.Exchange(ref reported, 1) == 0)
                {
                    lost(new SystemdUnavailableException($"lost the connection to systemd at {Address} while watching {unit}: {e.Message}", e));
                }
                return;
            }
            if (relevant) changed();
        }
        try
        {
            observers.Add(await WatchAsync(new MatchRule
            {
                Type = MessageType.Signal,
                Path = UnitNames.ObjectPath(unit),
                Interface = PropertiesInterface,
                Member = "PropertiesChanged",
            }, static (_, _) => true, Handle, cancel).ConfigureAwait(false));
            // Reloading(b active) comes in pairs; the one with false means the new configuration is in place.
            observers.Add(await WatchAsync(ManagerSignal("Reloading"), static (m, _) => !m.GetBodyReader().ReadBool(), Handle, cancel).ConfigureAwait(false));
            observers.Add(await WatchAsync(ManagerSignal("UnitFilesChanged"), static (_, _) => true, Handle, cancel).ConfigureAwait(false));
            return new Observers(observers);
        }
        catch
        {
            foreach (var o in observers) o.Dispose();
            throw;
        }
    }

    private static MatchRule ManagerSignal(string member) => new()
    {
        Type = MessageType.Signal,
        Path = ManagerPath,
        Interface = ManagerInterface,
        Member = member,
    };

    private async Task<IDisposable> WatchAsync(MatchRule rule, MessageValueReader<bool> reader, Action<Exception?, bool> handle, CancellationToken cancel)
    {
        try
        {
            return await _connection.AddMatchAsync(rule, reader,
                (Notification<bool> n) =>
                {
                    if (n.HasValue) handle(null, n.Value);
                    else if (n.IsCompletion) handle(n.CompletionReason, false);
                },
                emitOnCapturedContext: false, flags: ObserverFlags.EmitOnConnectionClosed).AsTask().WaitAsync(cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DBusErrorReplyException or DBusConnectionClosedException or ObjectDisposedException)
        {
            throw new SystemdUnavailableException($"cannot watch systemd at {Address}: {e.Message}", e);
        }
    }

    private sealed class Observers(List<IDisposable> observers) : IDisposable
    {
        public void Dispose()
        {
            foreach (var o in observers) o.Dispose();
        }
    }
}
