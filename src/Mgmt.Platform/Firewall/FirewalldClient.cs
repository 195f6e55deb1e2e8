using Tmds.DBus.Protocol;

namespace Mgmt.Platform.Firewall;

/// <summary>A port or port range with its protocol, as firewalld lists them: <c>("8080", "tcp")</c>, <c>("1000-2000", "udp")</c>.</summary>
public readonly record struct FirewallPort(string Port, string Protocol)
{
    public override string ToString() => Port + "/" + Protocol;
}

/// <summary>firewalld answered a request with one of its errors, such as <c>INVALID_SERVICE</c> or <c>INVALID_ZONE</c>.</summary>
public sealed class FirewalldException(string code, string message, Exception? inner = null) : IOException(message, inner)
{
    /// <summary>firewalld's error code: INVALID_ZONE, INVALID_SERVICE, INVALID_PORT, ALREADY_ENABLED, NOT_ENABLED...</summary>
    public string Code { get; } = code;
}

/// <summary>firewalld cannot be reached: no system bus at the address, or no firewalld on it.</summary>
public sealed class FirewalldUnavailableException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>
/// firewalld's D-Bus API (<c>org.fedoraproject.FirewallD1</c>) on the system bus: the services and ports of a zone,
/// in the runtime configuration (what the kernel enforces now) or the permanent one (what firewalld loads when it
/// starts or reloads), and the signals it sends when either changes.
/// </summary>
/// <remarks>
/// firewalld is never started by a call here (no bus activation): a firewall that is not running is reported, not
/// silently started. Every failure says what was asked; firewalld's own error codes are kept in
/// <see cref="FirewalldException.Code"/>.
/// </remarks>
public sealed class FirewalldClient : IDisposable
{
    public const string BusName = "org.fedoraproject.FirewallD1";
    private const string RootPath = "/org/fedoraproject/FirewallD1";
    private const string ConfigPath = "/org/fedoraproject/FirewallD1/config";
    private const string ZoneInterface = BusName + ".zone";
    private const string ConfigInterface = BusName + ".config";
    private const string ConfigZoneInterface = BusName + ".config.zone";

    private readonly DBusConnection _connection;

    private FirewalldClient(DBusConnection connection, string address)
    {
        _connection = connection;
        Address = address;
    }

    /// <summary>The bus address this client talks to.</summary>
    public string Address { get; }

    /// <summary>Connects to the system bus at <paramref name="address"/>.</summary>
    public static async Task<FirewalldClient> ConnectAsync(string address, CancellationToken cancel)
    {
        var connection = new DBusConnection(address);
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15), cancel).ConfigureAwait(false);
            return new FirewalldClient(connection, address);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            connection.Dispose();
            var socket = address.StartsWith("unix:path=", StringComparison.Ordinal) ? address["unix:path=".Length..].Split(',')[0] : null;
            var reason = socket is not null && !File.Exists(socket) ? $"there is no bus socket at {socket}" : e.Message;
            throw new FirewalldUnavailableException($"cannot reach the system bus at {address} to talk to firewalld: {reason}", e);
        }
    }

    /// <summary>The zone that interfaces without a zone of their own belong to.</summary>
    public Task<string> GetDefaultZoneAsync(CancellationToken cancel) =>
        CallAsync(Message(RootPath, BusName, "getDefaultZone", null, null), static (m, _) => m.GetBodyReader().ReadString(),
            "read the default zone", cancel);

    /// <summary>Rebuilds the runtime configuration from the permanent one, as <c>firewall-cmd --reload</c>.</summary>
    public Task ReloadAsync(CancellationToken cancel) =>
        CallAsync(Message(RootPath, BusName, "reload", null, null), "reload", cancel);

    /// <summary>The services enabled in <paramref name="zone"/>.</summary>
    public async Task<IReadOnlyList<string>> GetServicesAsync(string zone, bool permanent, CancellationToken cancel)
    {
        var what = $"list the services of the zone {zone}";
        if (!permanent)
        {
            return await CallAsync(Message(RootPath, ZoneInterface, "getServices", "s", (ref MessageWriter w) => w.WriteString(zone)),
                static (m, _) => m.GetBodyReader().ReadArrayOfString(), what, cancel).ConfigureAwait(false);
        }
        var path = await PermanentZoneAsync(zone, cancel).ConfigureAwait(false);
        return await CallAsync(Message(path, ConfigZoneInterface, "getServices", null, null),
            static (m, _) => m.GetBodyReader().ReadArrayOfString(), what + " (permanent)", cancel).ConfigureAwait(false);
    }

    /// <summary>The ports and port ranges opened in <paramref name="zone"/>.</summary>
    public async Task<IReadOnlyList<FirewallPort>> GetPortsAsync(string zone, bool permanent, CancellationToken cancel)
    {
        var what = $"list the ports of the zone {zone}";
        if (!permanent)
        {
            // Runtime: aas, each inner array [port, protocol].
            return await CallAsync(Message(RootPath, ZoneInterface, "getPorts", "s", (ref MessageWriter w) => w.WriteString(zone)),
                static (m, _) =>
                {
                    var reader = m.GetBodyReader();
                    var ports = new List<FirewallPort>();
                    var end = reader.ReadArrayStart(DBusType.Array);
                    while (reader.HasNext(end))
                    {
                        var pair = reader.ReadArrayOfString();
                        if (pair.Length == 2) ports.Add(new FirewallPort(pair[0], pair[1]));
                    }
                    return ports;
                }, what, cancel).ConfigureAwait(false);
        }
        // Permanent: a(ss).
        var path = await PermanentZoneAsync(zone, cancel).ConfigureAwait(false);
        return await CallAsync(Message(path, ConfigZoneInterface, "getPorts", null, null),
            static (m, _) =>
            {
                var reader = m.GetBodyReader();
                var ports = new List<FirewallPort>();
                var end = reader.ReadArrayStart(DBusType.Struct);
                while (reader.HasNext(end))
                {
                    reader.AlignStruct();
                    var port = reader.ReadString();
                    ports.Add(new FirewallPort(port, reader.ReadString()));
                }
                return ports;
            }, what + " (permanent)", cancel).ConfigureAwait(false);
    }

    /// <summary>Enables <paramref name="service"/> in <paramref name="zone"/> (runtime: with no time limit).</summary>
    public async Task AddServiceAsync(string zone, string service, bool permanent, CancellationToken cancel)
    {
        var what = $"add the service {service} to the zone {zone}";
        if (!permanent)
        {
            await CallAsync(Message(RootPath, ZoneInterface, "addService", "ssi", (ref MessageWriter w) =>
            {
                w.WriteString(zone);
                w.WriteString(service);
                w.WriteInt32(0);
            }), what, cancel).ConfigureAwait(false);
            return;
        }
        var path = await PermanentZoneAsync(zone, cancel).ConfigureAwait(false);
        await CallAsync(Message(path, ConfigZoneInterface, "addService", "s", (ref MessageWriter w) => w.WriteString(service)),
            what + " (permanent)", cancel).ConfigureAwait(false);
    }

    /// <summary>Disables <paramref name="service"/> in <paramref name="zone"/>.</summary>
    public async Task RemoveServiceAsync(string zone, string service, bool permanent, CancellationToken cancel)
    {
        var what = $"remove the service {service} from the zone {zone}";
        if (!permanent)
        {
            await CallAsync(Message(RootPath, ZoneInterface, "removeService", "ss", (ref MessageWriter w) =>
            {
                w.WriteString(zone);
                w.WriteString(service);
            }), what, cancel).ConfigureAwait(false);
            return;
        }
        var path = await PermanentZoneAsync(zone, cancel).ConfigureAwait(false);
        await CallAsync(Message(path, ConfigZoneInterface, "removeService", "s", (ref MessageWriter w) => w.WriteString(service)),
            what + " (permanent)", cancel).ConfigureAwait(false);
    }

    /// <summary>Opens <paramref name="port"/> in <paramref name="zone"/> (runtime: with no time limit).</summary>
    public async Task AddPortAsync(string zone, FirewallPort port, bool permanent, CancellationToken cancel)
    {
        var what = $"open the port {port} in the zone {zone}";
        if (!permanent)
        {
            await CallAsync(Message(RootPath, ZoneInterface, "addPort", "sssi", (ref MessageWriter w) =>
            {
                w.WriteString(zone);
                w.WriteString(port.Port);
                w.WriteString(port.Protocol);
                w.WriteInt32(0);
            }), what, cancel).ConfigureAwait(false);
            return;
        }
        var path = await PermanentZoneAsync(zone, cancel).ConfigureAwait(false);
        await CallAsync(Message(path, ConfigZoneInterface, "addPort", "ss", (ref MessageWriter w) =>
        {
            w.WriteString(port.Port);
            w.WriteString(port.Protocol);
        }), what + " (permanent)", cancel).ConfigureAwait(false);
    }

    /// <summary>Closes <paramref name="port"/> (exactly as listed: a range is removed as a whole) in <paramref name="zone"/>.</summary>
    public async Task RemovePortAsync(string zone, FirewallPort port, bool permanent, CancellationToken cancel)
    {
        var what = $"close the port {port} in the zone {zone}";
        if (!permanent)
        {
            await CallAsync(Message(RootPath, ZoneInterface, "removePort", "sss", (ref MessageWriter w) =>
            {
                w.WriteString(zone);
                w.WriteString(port.Port);
                w.WriteString(port.Protocol);
            }), what, cancel).ConfigureAwait(false);
            return;
        }
        var path = await PermanentZoneAsync(zone, cancel).ConfigureAwait(false);
        await CallAsync(Message(path, ConfigZoneInterface, "removePort", "ss", (ref MessageWriter w) =>
        {
            w.WriteString(port.Port);
            w.WriteString(port.Protocol);
        }), what + " (permanent)", cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// Calls <paramref name="changed"/> whenever the runtime or permanent settings of <paramref name="zone"/> may
    /// have changed: a service or port added or removed, a reload (runtime reset to permanent), another default
    /// zone, or firewalld started or stopped. A null zone watches every zone. Dispose the result to stop watching.
    /// </summary>
    /// <remarks>The handler runs on the connection's receive loop: it must be quick and must not block.</remarks>
    public async Task<IDisposable> WatchAsync(string? zone, Action changed, CancellationToken cancel)
    {
        var rules = new[]
        {
            // Runtime changes of a zone: ServiceAdded, PortRemoved... each with the zone as the first argument.
            new MatchRule { Type = MessageType.Signal, Path = RootPath, Interface = ZoneInterface, Arg0 = zone },
            // A reload puts the runtime back to the permanent settings; the default zone may be what we manage.
            new MatchRule { Type = MessageType.Signal, Path = RootPath, Interface = BusName, Member = "Reloaded" },
            new MatchRule { Type = MessageType.Signal, Path = RootPath, Interface = BusName, Member = "DefaultZoneChanged" },
            // Permanent changes: Updated(name) on the zone's configuration object.
            new MatchRule { Type = MessageType.Signal, Interface = ConfigZoneInterface, Member = "Updated", Arg0 = zone },
            // firewalld started, restarted or stopped.
            new MatchRule
            {
                Type = MessageType.Signal, Sender = "org.freedesktop.DBus", Interface = "org.freedesktop.DBus",
                Member = "NameOwnerChanged", Arg0 = BusName,
            },
        };
        var watches = new List<IDisposable>();
        try
        {
            foreach (var rule in rules)
            {
                watches.Add(await _connection.AddMatchAsync(rule, static (_, _) => true, (Notification<bool> n) =>
                {
                    if (n.HasValue) changed();
                }, emitOnCapturedContext: false, flags: ObserverFlags.None).AsTask().WaitAsync(cancel).ConfigureAwait(false));
            }
            return new Watches(watches);
        }
        catch (Exception e) when (e is DBusErrorReplyException or DBusConnectionClosedException or ObjectDisposedException)
        {
            foreach (var w in watches) w.Dispose();
            throw new FirewalldUnavailableException($"cannot watch firewalld on the system bus at {Address}: {e.Message}", e);
        }
        catch
        {
            foreach (var w in watches) w.Dispose();
            throw;
        }
    }

    /// <summary>Completes with the reason when the bus connection is lost.</summary>
    public Task<Exception?> DisconnectedAsync() => _connection.DisconnectedAsync();

    // The permanent settings of a zone live on their own object, found by the zone's name.
    private Task<string> PermanentZoneAsync(string zone, CancellationToken cancel) =>
        CallAsync(Message(ConfigPath, ConfigInterface, "getZoneByName", "s", (ref MessageWriter w) => w.WriteString(zone)),
            static (m, _) => m.GetBodyReader().ReadObjectPathAsString(), $"find the permanent settings of the zone {zone}", cancel);

    private delegate void Arguments(ref MessageWriter writer);

    private MessageBuffer Message(string path, string @interface, string member, string? signature, Arguments? write)
    {
        var writer = _connection.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader(destination: BusName, path: path, @interface: @interface, member: member,
                signature: signature, flags: MessageFlags.NoAutoStart);
            write?.Invoke(ref writer);
            return writer.CreateMessage();
        }
        finally
        {
            writer.Dispose();
        }
    }

    private async Task CallAsync(MessageBuffer message, string what, CancellationToken cancel)
    {
        try
        {
            await _connection.CallMethodAsync(message).WaitAsync(cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, what) is { } translated)
        {
            throw translated;
        }
    }

    private async Task<T> CallAsync<T>(MessageBuffer message, MessageValueReader<T> reader, string what, CancellationToken cancel)
    {
        try
        {
            return await _connection.CallMethodAsync(message, reader).WaitAsync(cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, what) is { } translated)
        {
            throw translated;
        }
    }

    private Exception? Translate(Exception e, string what)
    {
        switch (e)
        {
            case DBusErrorReplyException { ErrorName: "org.freedesktop.DBus.Error.ServiceUnknown" or "org.freedesktop.DBus.Error.NameHasNoOwner" }:
                return new FirewalldUnavailableException(
                    $"cannot {what}: firewalld is not running on the system bus at {Address} (start it, for example with an svc resource 'firewalld' that has state 'running')", e);
            case DBusErrorReplyException { ErrorName: "org.freedesktop.DBus.Error.AccessDenied" or "org.freedesktop.DBus.Error.InteractiveAuthorizationRequired" } reply:
                return new FirewalldException("ACCESS_DENIED", $"firewalld refused to {what}: {reply.ErrorMessage} (changing the firewall needs mgmt to run as root, or a polkit rule that allows it)", e);
            case DBusErrorReplyException reply:
                // firewalld's exceptions carry "CODE: detail" as their message.
                var text = reply.ErrorMessage;
                var colon = text.IndexOf(':', StringComparison.Ordinal);
                var code = colon > 0 && text[..colon].All(c => char.IsAsciiLetterUpper(c) || c == '_') ? text[..colon] : "";
                return new FirewalldException(code, $"firewalld refused to {what}: {text}", e);
            case DBusConnectionClosedException or DBusConnectFailedException or ObjectDisposedException:
                return new FirewalldUnavailableException($"cannot {what}: the connection to the system bus at {Address} is closed ({e.Message})", e);
            default:
                return null;
        }
    }

    public void Dispose() => _connection.Dispose();

    private sealed class Watches(List<IDisposable> all) : IDisposable
    {
        public void Dispose()
        {
            foreach (var w in all) w.Dispose();
        }
    }
}
