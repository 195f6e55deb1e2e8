using Mgmt.Platform.Http;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>
/// A read-only TFTP server on one UDP socket. Each read request gets a transfer of its own on a fresh port (the
/// protocol's transfer id), bound to the address the request came in on; write requests are refused. At most
/// <see cref="MaxTransfers"/> transfers run at once, so a flood of requests cannot exhaust the machine.
/// </summary>
internal sealed class TftpServer
{
    /// <summary>Transfers allowed at the same time; more requests are answered "busy".</summary>
    public const int MaxTransfers = 64;

    private readonly Socket _socket;
    private readonly TimeSpan _timeout;
    private readonly Func<string, Stream?> _open;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _slots = new(MaxTransfers);

    private TftpServer(Socket socket, TimeSpan timeout, Func<string, Stream?> open, ILogger logger)
    {
        _socket = socket;
        _timeout = timeout;
        _open = open;
        _logger = logger;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        Completion = ReceiveLoopAsync();
    }

    /// <summary>Where the server listens (with the port the system chose when port 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Ends with an error when the socket fails; never ends by itself otherwise.</summary>
    public Task Completion { get; }

    /// <summary>
    /// Binds the socket and starts serving. <paramref name="open"/> maps a requested file name to its content, or
    /// null for "not found"; it is called on a pool thread for each request.
    /// </summary>
    public static TftpServer Start(HttpListenAddress address, TimeSpan timeout, Func<string, Stream?> open, ILogger logger)
    {
        var host = address.Host ?? IPAddress.IPv6Any;
        var socket = new Socket(host.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (host.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            socket.SetSocketOption(host.AddressFamily == AddressFamily.InterNetwork ? SocketOptionLevel.IP : SocketOptionLevel.IPv6, SocketOptionName.PacketInformation, true);
            socket.Bind(new IPEndPoint(host, address.Port));
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new IOException(e.SocketErrorCode == SocketError.AddressAlreadyInUse
                ? $"cannot listen on UDP {address}: the port is taken by another program (is a tftpd already running?)"
                : e.SocketErrorCode == SocketError.AccessDenied
                    ? $"cannot listen on UDP {address}: permission denied (ports below 1024 need root)"
                    : $"cannot listen on UDP {address}: {e.Message}", e);
        }
        return new TftpServer(socket, timeout, open, logger);
    }

    /// <summary>Stops accepting requests and cuts the transfers in flight.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        // Wait for the transfers to notice the cancellation and close their sockets.
        for (var i = 0; i < MaxTransfers; i++) await _slots.WaitAsync().ConfigureAwait(false);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[1024];
        EndPoint any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveMessageFromResult received;
            try
            {
                received = await _socket.ReceiveMessageFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                continue; // an ICMP error about an earlier reply, or an oversized datagram: not the server's problem
            }
            var client = (IPEndPoint)received.RemoteEndPoint;
            var request = TftpPacket.ParseRequest(buffer.AsSpan(0, received.ReceivedBytes));
            var local = received.PacketInformation.Address;
            _ = Task.Run(() => ServeAsync(request, client, local));
        }
    }

    private async Task ServeAsync(TftpRequest? request, IPEndPoint client, IPAddress local)
    {
        if (!await _slots.WaitAsync(0).ConfigureAwait(false))
        {
            using var busy = OpenTransferSocket(client, local);
            await TftpTransfer.RefuseAsync(busy, TftpError.NotDefined, "server busy, try again later", _stop.Token).ConfigureAwait(false);
            return;
        }
        try
        {
            using var socket = OpenTransferSocket(client, local);
            if (request is null)
            {
                TftpLog.Malformed(_logger, client.ToString());
                await TftpTransfer.RefuseAsync(socket, TftpError.IllegalOperation, "malformed request", _stop.Token).ConfigureAwait(false);
                return;
            }
            if (request.Opcode == TftpOpcode.WriteRequest)
            {
                TftpLog.WriteRefused(_logger, client.ToString(), request.Filename);
                await TftpTransfer.RefuseAsync(socket, TftpError.AccessViolation, "this server is read-only", _stop.Token).ConfigureAwait(false);
                return;
            }
            if (request.Mode is not ("octet" or "netascii"))
            {
                await TftpTransfer.RefuseAsync(socket, TftpError.IllegalOperation, "only the octet and netascii modes are served", _stop.Token).ConfigureAwait(false);
                return;
            }
            await using var content = _open(request.Filename);
            if (content is null)
            {
                TftpLog.NotFound(_logger, client.ToString(), request.Filename);
                await TftpTransfer.RefuseAsync(socket, TftpError.FileNotFound, "file not found", _stop.Token).ConfigureAwait(false);
                return;
            }
            var transfer = new TftpTransfer(socket, request, _timeout);
            try
            {
                await transfer.SendAsync(content, _stop.Token).ConfigureAwait(false);
                TftpLog.Sent(_logger, request.Filename, client.ToString(), transfer.BytesSent);
            }
            catch (TftpTransferException e)
            {
                TftpLog.TransferFailed(_logger, request.Filename, client.ToString(), e.Message);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException && _stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException)
        {
            TftpLog.TransferFailed(_logger, request?.Filename ?? "?", client.ToString(), e.Message);
        }
        finally
        {
            _slots.Release();
        }
    }

    // The reply comes from the address the client wrote to, on a port of its own.
    private Socket OpenTransferSocket(IPEndPoint client, IPAddress local)
    {
        var family = _socket.AddressFamily;
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (family == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = true;
                if (local.AddressFamily == AddressFamily.InterNetwork) local = local.MapToIPv6();
            }
            socket.Bind(new IPEndPoint(local, 0));
            socket.Connect(client);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
