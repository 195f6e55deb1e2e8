using System.Buffers.Binary;
using System.Text;

namespace Mgmt.Resources;

/// <summary>The opcodes of TFTP (RFC 1350) and its option extension (RFC 2347).</summary>
internal enum TftpOpcode : ushort
{
    ReadRequest = 1,
    WriteRequest = 2,
    Data = 3,
    Ack = 4,
    Error = 5,
    OptionAck = 6,
}

/// <summary>The error codes a TFTP error packet carries.</summary>
internal enum TftpError : ushort
{
    NotDefined = 0,
    FileNotFound = 1,
    AccessViolation = 2,
    IllegalOperation = 4,
    UnknownTransferId = 5,
    OptionRefused = 8,
}

/// <summary>A read or write request: the file, the transfer mode and the options the client asked for.</summary>
internal sealed record TftpRequest(TftpOpcode Opcode, string Filename, string Mode, IReadOnlyDictionary<string, string> Options);

/// <summary>Encodes and decodes the few TFTP packets a read-only server sends and receives.</summary>
internal static class TftpPacket
{
    public static TftpOpcode? OpcodeOf(ReadOnlySpan<byte> packet) =>
        packet.Length >= 2 ? (TftpOpcode)BinaryPrimitives.ReadUInt16BigEndian(packet) : null;

    /// <summary>Parses a request, or returns null when it is malformed (missing terminators, no mode).</summary>
    public static TftpRequest? ParseRequest(ReadOnlySpan<byte> packet)
    {
        if (OpcodeOf(packet) is not (TftpOpcode.ReadRequest or TftpOpcode.WriteRequest) || packet[^1] != 0) return null;
        var fields = Encoding.ASCII.GetString(packet[2..^1]).Split('\0');
        if (fields.Length < 2 || fields.Length % 2 != 0 || fields[0].Length == 0) return null;
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 2; i + 1 < fields.Length; i += 2) options[fields[i]] = fields[i + 1];
        return new TftpRequest(OpcodeOf(packet)!.Value, fields[0], fields[1].ToLowerInvariant(), options);
    }

    /// <summary>The block number an ACK acknowledges, or null when the packet is not an ACK.</summary>
    public static ushort? AckedBlock(ReadOnlySpan<byte> packet) =>
        packet.Length >= 4 && OpcodeOf(packet) == TftpOpcode.Ack ? BinaryPrimitives.ReadUInt16BigEndian(packet[2..]) : null;

    public static byte[] Data(ushort block, ReadOnlySpan<byte> payload)
    {
        var packet = new byte[4 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(packet, (ushort)TftpOpcode.Data);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), block);
        payload.CopyTo(packet.AsSpan(4));
        return packet;
    }

    public static byte[] Ack(ushort block)
    {
        var packet = new byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(packet, (ushort)TftpOpcode.Ack);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), block);
        return packet;
    }

    public static byte[] Error(TftpError code, string message)
    {
        var text = Encoding.ASCII.GetBytes(message);
        var packet = new byte[5 + text.Length];
        BinaryPrimitives.WriteUInt16BigEndian(packet, (ushort)TftpOpcode.Error);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)code);
        text.CopyTo(packet.AsSpan(4));
        return packet;
    }

    public static byte[] OptionAck(IEnumerable<KeyValuePair<string, string>> options)
    {
        using var buffer = new MemoryStream();
        buffer.Write([0, (byte)TftpOpcode.OptionAck]);
        foreach (var (name, value) in options)
        {
            buffer.Write(Encoding.ASCII.GetBytes(name));
            buffer.WriteByte(0);
            buffer.Write(Encoding.ASCII.GetBytes(value));
            buffer.WriteByte(0);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// The content converted for the netascii mode: line feeds become CR LF and a lone carriage return becomes
    /// CR NUL, as RFC 764 defines it.
    /// </summary>
    public static byte[] ToNetascii(ReadOnlySpan<byte> content)
    {
        using var buffer = new MemoryStream(content.Length + content.Length / 16);
        foreach (var b in content)
        {
            if (b == (byte)'\n') buffer.Write("\r\n"u8);
            else if (b == (byte)'\r') buffer.Write([(byte)'\r', 0]);
            else buffer.WriteByte(b);
        }
        return buffer.ToArray();
    }
}
