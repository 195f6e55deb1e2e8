using Tmds.DBus.Protocol;

namespace Mgmt.Platform.Packages;

/// <summary>One package as PackageKit names it: <c>name;version;arch;data</c>, where data is the repository, or <c>installed</c>.</summary>
public sealed record PackageKitPackage(uint Info, string Id)
{
    private string[] Parts => Id.Split(';');

    public string Name => Parts[0];

    public string Version => Parts.Length > 1 ? Parts[1] : "";

    /// <summary>True for the installed copy (PackageKit's "installed" data or info).</summary>
    public bool IsInstalled => Info == 1 || (Parts.Length > 3 && Parts[3].StartsWith("installed", StringComparison.Ordinal));
}

/// <summary>
/// PackageKit's D-Bus API on the system bus (the reference's package backend, and the only one on distributions
/// other than Debian): each operation is a transaction object that reports packages, errors and its end as signals.
/// </summary>
public sealed class PackageKitClient : IDisposable
{
    private const string BusName = "org.freedesktop.PackageKit";
    private const string RootPath = "/org/freedesktop/PackageKit";
    private const string TransactionInterface = "org.freedesktop.PackageKit.Transaction";

    /// <summary>PackageKit's filter bits (<c>PK_FILTER_ENUM_*</c> as a bit field).</summary>
    public const ulong FilterNone = 0;
    public const ulong FilterNewest = 1UL << 16;

    private readonly DBusConnection _connection;

    private PackageKitClient(DBusConnection connection, string address)
    {
        _connection = connection;
        Address = address;
    }

    public string Address { get; }

    /// <summary>The system bus: <c>DBUS_SYSTEM_BUS_ADDRESS</c> when set, else the usual socket.</summary>
    public static string SystemBusAddress() =>
        Environment.GetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS") is { Length: > 0 } a ? a : "unix:path=/run/dbus/system_bus_socket";

    public static async Task<PackageKitClient> ConnectAsync(string address, CancellationToken cancel)
    {
        var connection = new DBusConnection(address);
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15), cancel).ConfigureAwait(false);
            return new PackageKitClient(connection, address);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            connection.Dispose();
            throw new IOException($"cannot reach the system bus at {address} to talk to PackageKit: {e.Message}", e);
        }
    }

    /// <summary>Every package PackageKit knows by these names (installed and available), with <paramref name="filter"/>.</summary>
    public async Task<List<PackageKitPackage>> ResolveAsync(IReadOnlyList<string> names, ulong filter, CancellationToken cancel)
    {
        var found = new List<PackageKitPackage>();
        await RunAsync("Resolve", "tas", (ref MessageWriter w) =>
        {
            w.WriteUInt64(filter);
            w.WriteArray(names.ToArray());
        }, found, $"look up {string.Join(", ", names)}", cancel).ConfigureAwait(false);
        return found;
    }

    public Task InstallAsync(IReadOnlyList<string> ids, CancellationToken cancel) =>
        RunAsync("InstallPackages", "tas", (ref MessageWriter w) =>
        {
            w.WriteUInt64(0);
            w.WriteArray(ids.ToArray());
        }, null, $"install {string.Join(", ", ids)}", cancel);

    public Task UpdateAsync(IReadOnlyList<string> ids, CancellationToken cancel) =>
        RunAsync("UpdatePackages", "tas", (ref MessageWriter w) =>
        {
            w.WriteUInt64(0);
            w.WriteArray(ids.ToArray());
        }, null, $"update {string.Join(", ", ids)}", cancel);

    /// <summary>Removes the packages, never the ones that depend on them (that would remove what nobody asked to).</summary>
    public Task RemoveAsync(IReadOnlyList<string> ids, CancellationToken cancel) =>
        RunAsync("RemovePackages", "tasbb", (ref MessageWriter w) =>
        {
            w.WriteUInt64(0);
            w.WriteArray(ids.ToArray());
            w.WriteBool(false);
            w.WriteBool(false);
        }, null, $"remove {string.Join(", ", ids)}", cancel);

    /// <summary>
    /// Calls <paramref name="changed"/> when PackageKit says something changed: a transaction list change (someone
    /// installed or removed), new updates, new repositories. Dispose the result to stop.
    /// </summary>
    public async Task<IDisposable> WatchAsync(Action changed)
    {
        var watches = new List<IDisposable>();
        foreach (var member in new[] { "TransactionListChanged", "UpdatesChanged", "RepoListChanged" })
        {
            var rule = new MatchRule { Type = MessageType.Signal, Path = RootPath, Interface = BusName, Member = member };
            watches.Add(await _connection.AddMatchAsync(rule, static (_, _) => true, (Notification<bool> _) => changed(),
                emitOnCapturedContext: false, flags: ObserverFlags.None).ConfigureAwait(false));
        }
        return new Watches(watches);
    }

    private delegate void Arguments(ref MessageWriter writer);

    // One transaction: created, its signals followed, the method called, then its Finished signal awaited.
    private async Task RunAsync(string method, string signature, Arguments write, List<PackageKitPackage>? packages, string what, CancellationToken cancel)
    {
        string path;
        try
        {
            path = await _connection.CallMethodAsync(Message(RootPath, BusName, "CreateTransaction", null, null),
                static (m, _) => m.GetBodyReader().ReadObjectPathAsString()).WaitAsync(cancel).ConfigureAwait(false);
        }
        catch (DBusErrorReplyException e)
        {
            throw new IOException($"PackageKit is not running on the system bus {Address} ({e.ErrorName}: {e.Message})", e);
        }
        var finished = new TaskCompletionSource<uint>(TaskCreationOptions.RunContinuationsAsynchronously);
        string? error = null;
        var watches = new List<IDisposable>
        {
            await Match(path, "Package", (m, _) =>
            {
                var r = m.GetBodyReader();
                var info = r.ReadUInt32();
                return (info, r.ReadString());
            }, v => packages?.Add(new PackageKitPackage(v.info, v.Item2))).ConfigureAwait(false),
            await Match(path, "ErrorCode", (m, _) =>
            {
                var r = m.GetBodyReader();
                var code = r.ReadUInt32();
                return (code, r.ReadString());
            }, v => error = $"{v.Item2} (PackageKit error {v.code})").ConfigureAwait(false),
            await Match(path, "Finished", (m, _) => m.GetBodyReader().ReadUInt32(), exit => finished.TrySetResult(exit)).ConfigureAwait(false),
        };
        try
        {
            try
            {
                await _connection.CallMethodAsync(Message(path, TransactionInterface, method, signature, write)).WaitAsync(cancel).ConfigureAwait(false);
            }
            catch (DBusErrorReplyException e)
            {
                throw new IOException($"PackageKit refused to {what}: {e.Message}", e);
            }
            var exit = await finished.Task.WaitAsync(cancel).ConfigureAwait(false);
            if (exit != 1) throw new IOException($"PackageKit could not {what}: {error ?? $"the transaction ended with exit code {exit}"}");
        }
        finally
        {
            foreach (var w in watches) w.Dispose();
        }
    }

    private Task<IDisposable> Match<T>(string path, string member, MessageValueReader<T> read, Action<T> handle) =>
        _connection.AddMatchAsync(new MatchRule { Type = MessageType.Signal, Path = path, Interface = TransactionInterface, Member = member },
            read, (Notification<T> n) =>
            {
                if (n.HasValue) handle(n.Value);
            }, emitOnCapturedContext: false, flags: ObserverFlags.None).AsTask();

    private MessageBuffer Message(string path, string @interface, string member, string? signature, Arguments? write)
    {
        var writer = _connection.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader(destination: BusName, path: path, @interface: @interface, member: member, signature: signature);
            write?.Invoke(ref writer);
            return writer.CreateMessage();
        }
        finally
        {
            writer.Dispose();
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
