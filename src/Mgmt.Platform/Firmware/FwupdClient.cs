using Tmds.DBus.Protocol;

namespace Mgmt.Platform.Firmware;

/// <summary>
/// Asks the fwupd daemon (<c>org.freedesktop.fwupd</c> on the system bus) about its devices. Where there is no system
/// bus, or no fwupd on it, there is no firmware update waiting either: the answers are "no", not errors.
/// </summary>
public static class FwupdClient
{
    public const string BusName = "org.freedesktop.fwupd";
    public const string Interface = "org.freedesktop.fwupd";

    /// <summary>fwupd's FwupdUpdateState for "deployed, waits for a reboot to apply".</summary>
    public const uint UpdateStateNeedsReboot = 4;

    /// <summary>The system bus: <c>DBUS_SYSTEM_BUS_ADDRESS</c> when set, else the usual socket.</summary>
    public static string SystemBusAddress() =>
        Environment.GetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS") is { Length: > 0 } a ? a : "unix:path=/run/dbus/system_bus_socket";

    /// <summary>Connects to <paramref name="address"/>; null when there is no bus to connect to.</summary>
    public static async Task<DBusConnection?> TryConnectAsync(string address, CancellationToken cancel)
    {
        var connection = new DBusConnection(address);
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), cancel).ConfigureAwait(false);
            return connection;
        }
        catch (Exception e) when (e is DBusConnectionException or IOException or TimeoutException or System.Net.Sockets.SocketException)
        {
            connection.Dispose();
            return null;
        }
    }

    /// <summary>True when some device has an update deployed that waits for a reboot; false without fwupd.</summary>
    public static async Task<bool> RebootNeededAsync(DBusConnection connection, CancellationToken cancel)
    {
        var writer = connection.GetMessageWriter();
        MessageBuffer message;
        try
        {
            writer.WriteMethodCallHeader(destination: BusName, path: "/", @interface: Interface, member: "GetDevices");
            message = writer.CreateMessage();
        }
        finally
        {
            writer.Dispose();
        }
        try
        {
            return await connection.CallMethodAsync(message, static (m, _) => AnyNeedsReboot(m)).WaitAsync(cancel).ConfigureAwait(false);
        }
        catch (DBusErrorReplyException)
        {
            // No fwupd to start on this bus (ServiceUnknown), or it has no devices it can list (NothingToDo).
            return false;
        }
    }

    // The reply is a(a{sv}): one dictionary of properties per device.
    private static bool AnyNeedsReboot(Message message)
    {
        var reader = message.GetBodyReader();
        var devices = reader.ReadArrayStart(DBusType.Array);
        var needed = false;
        while (reader.HasNext(devices))
        {
            foreach (var (key, value) in reader.ReadDictionaryOfStringToVariantValue())
            {
                if (key == "UpdateState" && value.Type == VariantValueType.UInt32 && value.GetUInt32() == UpdateStateNeedsReboot) needed = true;
            }
        }
        return needed;
    }

    /// <summary>Calls <paramref name="changed"/> on every signal of fwupd (a device added, removed or changed).</summary>
    public static async Task<IDisposable> WatchAsync(DBusConnection connection, Action changed) =>
        await connection.AddMatchAsync(new MatchRule { Type = MessageType.Signal, Interface = Interface }, static (_, _) => true,
            (Notification<bool> _) => changed(), emitOnCapturedContext: false, flags: ObserverFlags.None).ConfigureAwait(false);
}
