using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Mgmt.Resources;

/// <summary>The DHCP message types (option 53, RFC 2132).</summary>
internal enum DhcpMessageType : byte
{
    Discover = 1,
    Offer = 2,
    Request = 3,
    Decline = 4,
    Ack = 5,
    Nak = 6,
    Release = 7,
    Inform = 8,
}

/// <summary>The options this server reads or writes (RFC 2132).</summary>
internal static class DhcpOption
{
    public const byte SubnetMask = 1;
    public const byte Routers = 3;
    public const byte DomainServers = 6;
    public const byte RequestedAddress = 50;
    public const byte LeaseTime = 51;
    public const byte MessageType = 53;
    public const byte ServerId = 54;
    public const byte ParameterList = 55;
    public const byte TftpServerName = 66;
    public const byte BootFileName = 67;
    public const byte End = 255;
    public const byte Pad = 0;
}

/// <summary>
/// One DHCPv4 message (a BOOTP packet with the DHCP magic cookie and options): parsed from a client's request, or
/// built as the server's reply. Only Ethernet hardware addresses are handled.
/// </summary>
internal sealed class DhcpPacket
{
    private const int FixedLength = 236;
    private static readonly byte[] MagicCookie = [99, 130, 83, 99];

    public byte Op { get; set; }
    public uint TransactionId { get; set; }
    public ushort Flags { get; set; }
    public IPAddress ClientAddress { get; set; } = IPAddress.Any;
    public IPAddress YourAddress { get; set; } = IPAddress.Any;
    public IPAddress ServerAddress { get; set; } = IPAddress.Any;
    public IPAddress RelayAddress { get; set; } = IPAddress.Any;
    public byte[] HardwareAddress { get; set; } = new byte[6];
    public string BootFile { get; set; } = "";
    public Dictionary<byte, byte[]> Options { get; } = [];

    /// <summary>The client's MAC, lower case with colons.</summary>
    public string Mac => string.Join(':', HardwareAddress.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    public bool WantsBroadcast => (Flags & 0x8000) != 0;

    public DhcpMessageType? Type => Options.TryGetValue(DhcpOption.MessageType, out var t) && t.Length == 1 ? (DhcpMessageType)t[0] : null;

    public IPAddress? Address(byte option) => Options.TryGetValue(option, out var v) && v.Length == 4 ? new IPAddress(v) : null;

    public bool Requested(byte option) => Options.TryGetValue(DhcpOption.ParameterList, out var list) && Array.IndexOf(list, option) >= 0;

    /// <summary>A client's request, or null when the packet is not a well-formed DHCP request from Ethernet.</summary>
    public static DhcpPacket? Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < FixedLength + 4 || data[0] != 1 || data[1] != 1 || data[2] != 6) return null;
        if (!data.Slice(FixedLength, 4).SequenceEqual(MagicCookie)) return null;
        var packet = new DhcpPacket
        {
            Op = data[0],
            TransactionId = BinaryPrimitives.ReadUInt32BigEndian(data[4..]),
            Flags = BinaryPrimitives.ReadUInt16BigEndian(data[10..]),
            ClientAddress = new IPAddress(data.Slice(12, 4)),
            RelayAddress = new IPAddress(data.Slice(24, 4)),
            HardwareAddress = data.Slice(28, 6).ToArray(),
        };
        var options = data[(FixedLength + 4)..];
        while (options.Length > 0)
        {
            var code = options[0];
            if (code == DhcpOption.End) break;
            if (code == DhcpOption.Pad)
            {
                options = options[1..];
                continue;
            }
            if (options.Length < 2 || options.Length < 2 + options[1]) return null;
            var value = options.Slice(2, options[1]).ToArray();
            // Repeated options are concatenated (RFC 3396).
            packet.Options[code] = packet.Options.TryGetValue(code, out var earlier) ? [.. earlier, .. value] : value;
            options = options[(2 + options[1])..];
        }
        return packet.Type is null ? null : packet;
    }

    /// <summary>A reply to <paramref name="request"/> of type <paramref name="type"/>, without options beyond the type.</summary>
    public static DhcpPacket ReplyTo(DhcpPacket request, DhcpMessageType type)
    {
        var reply = new DhcpPacket
        {
            Op = 2,
            TransactionId = request.TransactionId,
            Flags = request.Flags,
            RelayAddress = request.RelayAddress,
            HardwareAddress = request.HardwareAddress,
        };
        reply.Options[DhcpOption.MessageType] = [(byte)type];
        return reply;
    }

    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream(576);
        Span<byte> head = stackalloc byte[FixedLength];
        head.Clear();
        head[0] = Op;
        head[1] = 1;
        head[2] = 6;
        BinaryPrimitives.WriteUInt32BigEndian(head[4..], TransactionId);
        BinaryPrimitives.WriteUInt16BigEndian(head[10..], Flags);
        ClientAddress.GetAddressBytes().CopyTo(head[12..]);
        YourAddress.GetAddressBytes().CopyTo(head[16..]);
        ServerAddress.GetAddressBytes().CopyTo(head[20..]);
        RelayAddress.GetAddressBytes().CopyTo(head[24..]);
        HardwareAddress.CopyTo(head[28..]);
        var file = Encoding.ASCII.GetBytes(BootFile);
        file.AsSpan(0, Math.Min(file.Length, 127)).CopyTo(head[108..]);
        buffer.Write(head);
        buffer.Write(MagicCookie);
        // The message type first, and the subnet mask before the routers (RFC 2132 3.3).
        foreach (var (code, value) in Options.OrderBy(o => o.Key == DhcpOption.MessageType ? -1 : o.Key))
        {
            for (var offset = 0; offset < value.Length || offset == 0; offset += 255)
            {
                var chunk = value.AsSpan(offset, Math.Min(255, value.Length - offset));
                buffer.WriteByte(code);
                buffer.WriteByte((byte)chunk.Length);
                buffer.Write(chunk);
                if (value.Length == 0) break;
            }
        }
        buffer.WriteByte(DhcpOption.End);
        while (buffer.Length < 300) buffer.WriteByte(0); // BOOTP's minimum, which some clients expect
        return buffer.ToArray();
    }
}
