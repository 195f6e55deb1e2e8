using System.Globalization;
using System.Net.Sockets;

namespace Mgmt.Resources;

/// <summary>
/// One read transfer of a TFTP server: optional option negotiation (block size, transfer size and timeout, RFC
/// 2348/2349), then the content in numbered blocks, each sent again until the client acknowledges it or the
/// retries run out. The socket is this transfer's own (its port is the transfer id) and is connected to the client,
/// so packets from anyone else never reach it.
/// </summary>
internal sealed class TftpTransfer(Socket socket, TftpRequest request, TimeSpan timeout)
{
    /// <summary>How often a packet is sent again before the transfer is given up.</summary>
    public const int Retries = 5;

    private const int DefaultBlockSize = 512;
    private const int MaxBlockSize = 65464;

    private TimeSpan _timeout = timeout;

    /// <summary>Bytes sent to the client (after any netascii conversion).</summary>
    public long BytesSent { get; private set; }

    /// <summary>Sends <paramref name="content"/>; throws <see cref="TftpTransferException"/> when the client goes away or refuses.</summary>
    public async Task SendAsync(Stream content, CancellationToken cancel)
    {
        if (request.Mode == "netascii")
        {
            using var raw = new MemoryStream();
            await content.CopyToAsync(raw, cancel).ConfigureAwait(false);
            content = new MemoryStream(TftpPacket.ToNetascii(raw.GetBuffer().AsSpan(0, (int)raw.Length)));
        }
        var blockSize = DefaultBlockSize;
        var accepted = new List<KeyValuePair<string, string>>();
        if (request.Options.TryGetValue("blksize", out var blk) && int.TryParse(blk, NumberStyles.None, CultureInfo.InvariantCulture, out var asked) && asked >= 8)
        {
            blockSize = Math.Min(asked, MaxBlockSize);
            accepted.Add(new("blksize", blockSize.ToString(CultureInfo.InvariantCulture)));
        }
        if (request.Options.TryGetValue("timeout", out var t) && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 255)
        {
            _timeout = TimeSpan.FromSeconds(seconds);
            accepted.Add(new("timeout", seconds.ToString(CultureInfo.InvariantCulture)));
        }
        if (request.Options.ContainsKey("tsize") && content.CanSeek)
        {
            accepted.Add(new("tsize", (content.Length - content.Position).ToString(CultureInfo.InvariantCulture)));
        }
        if (accepted.Count > 0) await ExchangeAsync(TftpPacket.OptionAck(accepted), 0, cancel).ConfigureAwait(false);

        var buffer = new byte[blockSize];
        ushort block = 0;
        while (true)
        {
            var read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancel).ConfigureAwait(false);
            block++; // wraps to 0 after 65535, as clients of large files expect
            await ExchangeAsync(TftpPacket.Data(block, buffer.AsSpan(0, read)), block, cancel).ConfigureAwait(false);
            BytesSent += read;
            if (read < blockSize) return;
        }
    }

    /// <summary>Tells the client why the transfer cannot happen (best effort: nobody waits for an answer).</summary>
    public static async Task RefuseAsync(Socket socket, TftpError code, string message, CancellationToken cancel)
    {
        try
        {
            await socket.SendAsync(TftpPacket.Error(code, message), SocketFlags.None, cancel).ConfigureAwait(false);
        }
        catch (SocketException)
        {
        }
    }

    // Sends a packet and waits for the ACK of `block`, sending it again on each timeout. Older ACKs (duplicates
    // after a retransmission) are ignored rather than answered, which avoids the "sorcerer's apprentice" storm.
    private async Task ExchangeAsync(byte[] packet, ushort block, CancellationToken cancel)
    {
        var answer = new byte[516];
        for (var attempt = 0; attempt <= Retries; attempt++)
        {
            await socket.SendAsync(packet, SocketFlags.None, cancel).ConfigureAwait(false);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            wait.CancelAfter(_timeout);
            try
            {
                while (true)
                {
                    var n = await socket.ReceiveAsync(answer, SocketFlags.None, wait.Token).ConfigureAwait(false);
                    var span = answer.AsSpan(0, n);
                    if (TftpPacket.OpcodeOf(span) == TftpOpcode.Error) throw new TftpTransferException("the client ended the transfer with an error");
                    if (TftpPacket.AckedBlock(span) == block) return;
                }
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                // No ACK in time: send the packet again.
            }
            catch (SocketException e)
            {
                throw new TftpTransferException($"the client is unreachable ({e.SocketErrorCode})");
            }
        }
        throw new TftpTransferException($"no acknowledgement after {Retries + 1} tries, {_timeout.TotalSeconds:0.#} s apart");
    }
}

/// <summary>A transfer ended early: the client went away, stopped answering or sent an error.</summary>
internal sealed class TftpTransferException(string message) : Exception(message);
