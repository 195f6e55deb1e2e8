using Tmds.DBus.Protocol;

namespace Mgmt.Platform.Systemd;

/// <summary>
/// A client of one systemd manager (the system's or a user's) over its D-Bus API
/// (<c>org.freedesktop.systemd1.Manager</c>): unit state, start/stop/restart/reload jobs that are awaited until
/// systemd reports their result, unit file enablement, daemon reloads and change signals. Thread-safe; one
/// connection carries every request and watch. Built on the reflection-free <c>Tmds.DBus.Protocol</c>, so it
/// works in a NativeAOT binary.
/// </summary>
/// <remarks>
/// Failures to reach systemd throw <see cref="SystemdUnavailableException"/>; refusals throw
/// <see cref="SystemdRequestException"/>; jobs that end badly throw <see cref="SystemdJobFailedException"/>. Every
/// message names the unit and says what to do where there is something to do.
/// </remarks>
public sealed partial class SystemdManager : IDisposable
{
    internal const string BusName = "org.freedesktop.systemd1";
    internal const string ManagerPath = "/org/freedesktop/systemd1";
    internal const string ManagerInterface = "org.freedesktop.systemd1.Manager";
    internal const string UnitInterface = "org.freedesktop.systemd1.Unit";
    internal const string ServiceInterface = "org.freedesktop.systemd1.Service";
    internal const string PropertiesInterface = "org.freedesktop.DBus.Properties";

    // Connecting to a local socket takes milliseconds; a bus that does not answer in this time is not usable.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    private readonly DBusConnection _connection;
    private readonly JobTracker _jobs = new();
    private IDisposable? _jobWatch;
    private int _disposed;

    private SystemdManager(SystemdScope scope, string address, DBusConnection connection)
    {
        Scope = scope;
        Address = address;
        _connection = connection;
        Closed = WatchDisconnectAsync();
    }

    /// <summary>Which manager this is.</summary>
    public SystemdScope Scope { get; }

    /// <summary>The bus address it was reached at.</summary>
    public string Address { get; }

    /// <summary>Completes (with the reason) when the connection to the bus is lost or disposed.</summary>
    public Task<Exception?> Closed { get; }

    /// <summary>False once the connection is lost; a new manager must then be connected.</summary>
    public bool IsConnected => !Closed.IsCompleted;

    /// <summary>
    /// Connects to the manager at <paramref name="address"/>, subscribes to its signals and starts following job
    /// results. Throws <see cref="SystemdUnavailableException"/> when there is no bus or no systemd on it.
    /// </summary>
    public static async Task<SystemdManager> ConnectAsync(SystemdScope scope, string address, CancellationToken cancel)
    {
        var connection = new DBusConnection(address);
        SystemdManager? manager = null;
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(ConnectTimeout, cancel).ConfigureAwait(false);
            manager = new SystemdManager(scope, address, connection);
            await manager.StartFollowingJobsAsync().WaitAsync(ConnectTimeout, cancel).ConfigureAwait(false);
            // systemd emits its signals only while at least one client has subscribed.
            await manager.CallAsync(manager.ManagerCall("Subscribe", ""), "subscribe to systemd's signals", cancel).ConfigureAwait(false);
            return manager;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            if (manager is null) connection.Dispose();
            else manager.Dispose();
            throw Unavailable(scope, address, e);
        }
        catch
        {
            if (manager is null) connection.Dispose();
            else manager.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _jobWatch?.Dispose();
        _connection.Dispose();
        _jobs.FailAll(new SystemdUnavailableException($"the connection to systemd at {Address} was closed"));
    }

    private async Task<Exception?> WatchDisconnectAsync()
    {
        var reason = await _connection.DisconnectedAsync().ConfigureAwait(false);
        _jobs.FailAll(new SystemdUnavailableException(
            $"lost the connection to systemd at {Address}{(reason is null ? "" : ": " + reason.Message)}", reason));
        return reason;
    }

    private static SystemdUnavailableException Unavailable(SystemdScope scope, string address, Exception e)
    {
        if (e is SystemdUnavailableException known) return known;
        var bus = scope == SystemdScope.System ? "the system bus" : "the user's session bus";
        var socket = address.StartsWith("unix:path=", StringComparison.Ordinal) ? address["unix:path=".Length..].Split(',')[0] : null;
        var reason = e switch
        {
            _ when socket is not null && !File.Exists(socket) => $"there is no bus socket at {socket}",
            TimeoutException => "it did not answer within " + ConnectTimeout.TotalSeconds + " s",
            SystemdRequestException { ErrorName: "org.freedesktop.DBus.Error.ServiceUnknown" or "org.freedesktop.DBus.Error.NameHasNoOwner" } =>
                "the bus is there but no systemd manager answers on it",
            SystemdRequestException { InnerException: DBusErrorReplyException reply } =>
                $"the bus is there but no systemd manager answers on it ({reply.ErrorMessage})",
            _ => e.Message,
        };
        var hint = scope == SystemdScope.System
            ? "systemd must run as PID 1 with D-Bus to manage services (it does not inside most containers); MGMT_SYSTEM_BUS_ADDRESS points mgmt at another bus"
            : "the user's systemd instance (systemd --user) must run, with its bus at $XDG_RUNTIME_DIR/bus; MGMT_SESSION_BUS_ADDRESS points mgmt at another bus";
        return new SystemdUnavailableException($"cannot reach systemd on {bus} at {address}: {reason}. {hint}", e);
    }
}
