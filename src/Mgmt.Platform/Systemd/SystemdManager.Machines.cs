using Tmds.DBus.Protocol;

namespace Mgmt.Platform.Systemd;

// Containers and virtual machines that systemd-machined knows (org.freedesktop.machine1), on the same bus
// connection as the manager. machined starts on demand (bus activation), so these calls may start it.
public sealed partial class SystemdManager
{
    internal const string MachinedBusName = "org.freedesktop.machine1";
    internal const string MachinedPath = "/org/freedesktop/machine1";
    internal const string MachinedInterface = "org.freedesktop.machine1.Manager";
    internal const string MachineInterface = "org.freedesktop.machine1.Machine";

    /// <summary>
    /// The state machined reports for the machine <paramref name="name"/> (opening, running or closing), or null
    /// when no machine of that name is registered.
    /// </summary>
    public async Task<string?> GetMachineStateAsync(string name, CancellationToken cancel)
    {
        string path;
        try
        {
            path = await Machined(CallAsync(MachinedCall(MachinedPath, MachinedInterface, "GetMachine", "s", (ref MessageWriter w) => w.WriteString(name)),
                static (m, _) => m.GetBodyReader().ReadObjectPathAsString(), $"look up the machine {name}", cancel)).ConfigureAwait(false);
        }
        catch (SystemdRequestException e) when (e.ErrorName == "org.freedesktop.machine1.NoSuchMachine")
        {
            return null;
        }
        try
        {
            var state = await CallAsync(
                MachinedCall(path, PropertiesInterface, "Get", "ss", (ref MessageWriter w) =>
                {
                    w.WriteString(MachineInterface);
                    w.WriteString("State");
                }),
                static (m, _) => m.GetBodyReader().ReadVariantValue().GetString(), $"read the state of the machine {name}", cancel).ConfigureAwait(false);
            return state;
        }
        catch (SystemdRequestException e) when (e.ErrorName == "org.freedesktop.DBus.Error.UnknownObject")
        {
            // It went away between the two calls.
            return null;
        }
    }

    /// <summary>True when machined knows an image named <paramref name="name"/> (such as /var/lib/machines/NAME).</summary>
    public async Task<bool> HasMachineImageAsync(string name, CancellationToken cancel)
    {
        try
        {
            await Machined(CallAsync(MachinedCall(MachinedPath, MachinedInterface, "GetImage", "s", (ref MessageWriter w) => w.WriteString(name)),
                $"look up the machine image {name}", cancel)).ConfigureAwait(false);
            return true;
        }
        catch (SystemdRequestException e) when (e.ErrorName == "org.freedesktop.machine1.NoSuchImage")
        {
            return false;
        }
    }

    /// <summary>Ends the machine <paramref name="name"/> (all its processes are killed), as <c>machinectl terminate</c>.</summary>
    public Task TerminateMachineAsync(string name, CancellationToken cancel) =>
        Machined(CallAsync(MachinedCall(MachinedPath, MachinedInterface, "TerminateMachine", "s", (ref MessageWriter w) => w.WriteString(name)),
            $"terminate the machine {name}", cancel));

    /// <summary>
    /// Calls <paramref name="changed"/> whenever machined registers or removes the machine <paramref name="name"/>;
    /// <paramref name="lost"/> once if the bus connection is lost. Dispose the result to stop watching.
    /// </summary>
    /// <remarks>The handlers run on the connection's receive loop: they must be quick and must not block.</remarks>
    public async Task<IDisposable> WatchMachineAsync(string name, Action changed, Action<Exception> lost, CancellationToken cancel)
    {
        var observers = new List<IDisposable>();
        var reported = 0;
        void Handle(Exception? e, bool relevant)
        {
            if (e is not null)
            {
                if (Interlocked.Exchange(ref reported, 1) == 0)
                {
                    lost(new SystemdUnavailableException($"lost the connection to the system bus at {Address} while watching the machine {name}: {e.Message}", e));
                }
                return;
            }
            if (relevant) changed();
        }
        try
        {
            foreach (var member in new[] { "MachineNew", "MachineRemoved" })
            {
                // MachineNew(s name, o path) and MachineRemoved(s name, o path): only this machine's matter.
                var rule = new MatchRule { Type = MessageType.Signal, Path = MachinedPath, Interface = MachinedInterface, Member = member };
                observers.Add(await WatchAsync(rule, (m, _) => m.GetBodyReader().ReadString() == name, Handle, cancel).ConfigureAwait(false));
            }
            return new Observers(observers);
        }
        catch
        {
            foreach (var o in observers) o.Dispose();
            throw;
        }
    }

    // machined missing (not installed, masked, failing to start) is not a refusal of the request: say what to do.
    private async Task Machined(Task call)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (SystemdRequestException e) when (IsMachinedMissing(e))
        {
            throw MachinedUnavailable(e);
        }
    }

    private async Task<T> Machined<T>(Task<T> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (SystemdRequestException e) when (IsMachinedMissing(e))
        {
            throw MachinedUnavailable(e);
        }
    }

    private static bool IsMachinedMissing(SystemdRequestException e) =>
        e.ErrorName is { } name && (name is "org.freedesktop.DBus.Error.ServiceUnknown" or "org.freedesktop.DBus.Error.NameHasNoOwner"
            || name.StartsWith("org.freedesktop.DBus.Error.Spawn.", StringComparison.Ordinal)
            || name.StartsWith("org.freedesktop.systemd1.", StringComparison.Ordinal));

    private SystemdUnavailableException MachinedUnavailable(SystemdRequestException e) => new(
        $"systemd-machined is not available on the system bus at {Address} ({(e.InnerException as DBusErrorReplyException)?.ErrorMessage ?? e.Message}); " +
        "it manages containers and comes with Debian's systemd-container package, which must be installed (and its service not masked)", e);

    private MessageBuffer MachinedCall(string path, string @interface, string member, string signature, ArgumentWriter? write)
    {
        var writer = _connection.GetMessageWriter();
        try
        {
            // No NoAutoStart here: machined is meant to be started by the bus when someone asks for it.
            writer.WriteMethodCallHeader(destination: MachinedBusName, path: path, @interface: @interface, member: member,
                signature: signature.Length == 0 ? null : signature);
            write?.Invoke(ref writer);
            return writer.CreateMessage();
        }
        finally
        {
            writer.Dispose();
        }
    }
}
