using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>Answers one request. Must not throw for ordinary problems: it returns an error status instead.</summary>
internal delegate ValueTask<HttpServerResponse> HttpRequestHandler(HttpServerRequest request, CancellationToken cancel);

/// <summary>
/// A small HTTP/1.1 server on plain sockets (no TLS, no chunked request bodies): enough to serve files and take
/// form posts, with keep-alive, read/write time limits and a graceful stop. It has no reflection and no
/// dependency beyond the base library, so it works in the NativeAOT build.
/// </summary>
internal sealed class EmbeddedHttpServer
{
    private readonly Socket _listener;
    private readonly HttpServerLimits _limits;
    private readonly HttpRequestHandler _handler;
    private readonly ILogger _logger;
    // Cancelled when the server stops: connections that wait for (or are reading) a request give up.
    private readonly CancellationTokenSource _stopReading = new();
    // Cancelled when the server is cut short: requests in flight are abandoned too.
    private readonly CancellationTokenSource _abort = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private readonly Task _acceptLoop;
    private int _stopping;

    private EmbeddedHttpServer(Socket listener, HttpServerLimits limits, HttpRequestHandler handler, ILogger logger)
    {
        _listener = listener;
        _limits = limits;
        _handler = handler;
        _logger = logger;
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The address and port actually bound (the port is chosen by the system when 0 was asked).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Completes when the server stopped accepting; faulted when that happened for a reason other than a stop.</summary>
    public Task Completion => _acceptLoop;

    /// <summary>
    /// Binds and starts listening. Throws <see cref="IOException"/> with a message for the user when the address
    /// cannot be used (the port is taken, the address is not this machine's, the port needs privileges).
    /// </summary>
    public static EmbeddedHttpServer Start(HttpListenAddress address, HttpServerLimits limits, HttpRequestHandler handler, ILogger logger)
    {
        var socket = Bind(address);
        return new EmbeddedHttpServer(socket, limits, handler, logger);
    }

    private static Socket Bind(HttpListenAddress address)
    {
        Socket? socket = null;
        try
        {
            if (address.Host is { } host)
            {
                socket = new Socket(host.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(host, address.Port));
            }
            else
            {
                socket = BindAllInterfaces(address.Port);
            }
            socket.Listen(512);
            return socket;
        }
        catch (SocketException e)
        {
            socket?.Dispose();
            throw new IOException(e.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse =>
                    $"cannot listen on {address}: the port is already in use (by another program or another http:server); " +
                    "choose a free port in 'address' or stop what listens there",
                SocketError.AccessDenied =>
                    $"cannot listen on {address}: permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE); choose a port of 1024 or more",
                SocketError.AddressNotAvailable =>
                    $"cannot listen on {address}: no network interface of this machine has that address",
                _ => $"cannot listen on {address}: {e.Message}",
            }, e);
        }
    }

    private static Socket BindAllInterfaces(int port)
    {
        if (Socket.OSSupportsIPv6)
        {
            var dual = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
            try
            {
                dual.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                return dual;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressFamilyNotSupported or SocketError.AddressNotAvailable)
            {
                dual.Dispose(); // IPv6 is compiled in but switched off: fall back to IPv4 only
            }
            catch
            {
                dual.Dispose();
                throw;
            }
        }
        var v4 = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            v4.Bind(new IPEndPoint(IPAddress.Any, port));
            return v4;
        }
        catch
        {
            v4.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Stops accepting, closes idle connections and waits for the requests in flight, at most the shutdown limit
    /// (without one, as long as they take); what is left then is cut.
    /// </summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopping, 1) == 0)
        {
            _listener.Dispose();
            await _stopReading.CancelAsync().ConfigureAwait(false);
        }
        var all = Task.WhenAll(_connections.Keys);
        if (_limits.Shutdown is { } grace && await Task.WhenAny(all, Task.Delay(grace)).ConfigureAwait(false) != all)
        {
            HttpLog.ShutdownCut(_logger, _connections.Count, grace.TotalSeconds);
            await _abort.CancelAsync().ConfigureAwait(false);
        }
        await all.ConfigureAwait(false);
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The loop's own failure was Completion's to report; a stop only has to end it.
        }
    }

    /// <summary>Cuts every connection at once (the engine's third interrupt).</summary>
    public void Abort()
    {
        Interlocked.Exchange(ref _stopping, 1);
        _listener.Dispose();
        _stopReading.Cancel();
        _abort.Cancel();
    }

    private async Task AcceptLoopAsync()
    {
        await Task.Yield(); // the caller continues while we accept
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopReading.Token).ConfigureAwait(false);
            }
            catch (Exception) when (Volatile.Read(ref _stopping) != 0)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset)
            {
                continue; // the client gave up before we took it
            }
            var connection = new HttpConnection(client, _limits, _handler, _logger, _stopReading.Token, _abort.Token);
            var task = connection.RunAsync();
            _connections[task] = 0;
            _ = task.ContinueWith(t => _connections.TryRemove(t, out _), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
