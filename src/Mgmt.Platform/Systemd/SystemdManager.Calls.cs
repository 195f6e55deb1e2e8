using Tmds.DBus.Protocol;

namespace Mgmt.Platform.Systemd;

// Message building and the one place where D-Bus failures become the project's exceptions.
public sealed partial class SystemdManager
{
    /// <summary>Writes the arguments of a method call (the writer is a ref struct, so it travels by reference).</summary>
    internal delegate void ArgumentWriter(ref MessageWriter writer);

    /// <summary>A method call to the manager object; <paramref name="write"/> adds the arguments.</summary>
    internal MessageBuffer ManagerCall(string member, string signature, ArgumentWriter? write = null) =>
        Call(ManagerPath, ManagerInterface, member, signature, write);

    internal MessageBuffer Call(string path, string @interface, string member, string signature, ArgumentWriter? write = null)
    {
        var writer = _connection.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader(destination: BusName, path: path, @interface: @interface, member: member,
                // systemd is never started on demand by a bus: if it is not there, the call must say so.
                signature: signature.Length == 0 ? null : signature, flags: MessageFlags.NoAutoStart);
            write?.Invoke(ref writer);
            return writer.CreateMessage();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Sends a call whose reply carries nothing we need.</summary>
    internal async Task CallAsync(MessageBuffer message, string what, CancellationToken cancel)
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

    /// <summary>Sends a call and reads its reply with <paramref name="reader"/>.</summary>
    internal async Task<T> CallAsync<T>(MessageBuffer message, MessageValueReader<T> reader, string what, CancellationToken cancel)
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

    // Changing system units is for root (or whoever polkit allows); without it systemd's answer alone puzzles people.
    private string PermissionHint(string errorName) =>
        Scope == SystemdScope.System && errorName is "org.freedesktop.DBus.Error.AccessDenied" or "org.freedesktop.DBus.Error.InteractiveAuthorizationRequired"
            ? " (managing system units needs mgmt to run as root, or a polkit rule that allows it)"
            : "";

    private Exception? Translate(Exception e, string what) => e switch
    {
        DBusErrorReplyException reply => new SystemdRequestException(
            $"systemd refused to {what}: {reply.ErrorMessage}{PermissionHint(reply.ErrorName)}", reply.ErrorName, reply),
        DBusConnectionClosedException or DBusConnectFailedException or ObjectDisposedException =>
            new SystemdUnavailableException($"cannot {what}: the connection to systemd at {Address} is closed ({e.Message})", e),
        _ => null,
    };
}
