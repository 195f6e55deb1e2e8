using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Mgmt.Resources;

/// <summary>
/// Writes one record to the systemd journal or to syslog through their local datagram sockets. Each record is
/// a single datagram, so a record is either delivered whole or not at all.
/// </summary>
internal static class LocalLogSockets
{
    public const string JournalSocket = "/run/systemd/journal/socket";
    public const string SyslogSocket = "/dev/log";

    /// <summary>Sends a journal entry in the journal's native protocol (KEY=value fields).</summary>
    public static async Task SendJournalAsync(
        string socketPath, string message, int severity, IReadOnlyDictionary<string, string> fields, string identifier, CancellationToken cancel)
    {
        using var payload = new MemoryStream();
        AppendJournalField(payload, "MESSAGE", message);
        AppendJournalField(payload, "PRIORITY", severity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AppendJournalField(payload, "SYSLOG_IDENTIFIER", identifier);
        foreach (var (key, value) in fields.OrderBy(f => f.Key, StringComparer.Ordinal)) AppendJournalField(payload, key, value);
        await SendDatagramAsync(socketPath, payload.ToArray(), cancel).ConfigureAwait(false);
    }

    /// <summary>Sends a syslog line (facility "user") in the classic local format.</summary>
    public static Task SendSyslogAsync(string socketPath, string message, int severity, string identifier, CancellationToken cancel)
    {
        const int userFacility = 1;
        var line = $"<{(userFacility * 8) + severity}>{identifier}[{Environment.ProcessId}]: {message}";
        return SendDatagramAsync(socketPath, Encoding.UTF8.GetBytes(line), cancel);
    }

    private static void AppendJournalField(MemoryStream to, string key, string value)
    {
        var keyBytes = Encoding.ASCII.GetBytes(key);
        var valueBytes = Encoding.UTF8.GetBytes(value);
        to.Write(keyBytes);
        if (Array.IndexOf(valueBytes, (byte)'\n') < 0)
        {
            to.WriteByte((byte)'=');
            to.Write(valueBytes);
        }
        else
        {
            // A value with a newline is sent as KEY, newline, 64-bit little-endian length, bytes.
            to.WriteByte((byte)'\n');
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)valueBytes.Length);
            to.Write(length);
            to.Write(valueBytes);
        }
        to.WriteByte((byte)'\n');
    }

    private static async Task SendDatagramAsync(string socketPath, byte[] payload, CancellationToken cancel)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancel).ConfigureAwait(false);
        await socket.SendAsync(payload, SocketFlags.None, cancel).ConfigureAwait(false);
    }
}
