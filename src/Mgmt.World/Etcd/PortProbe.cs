using System.Net;
using System.Net.Sockets;

namespace Mgmt.World.Etcd;

/// <summary>Finds out, before etcd does, whether a listen address is free, so the user gets a clear message.</summary>
internal static class PortProbe
{
    /// <summary>Throws <see cref="EtcdMemberException"/> when <paramref name="url"/>'s host:port cannot be bound.</summary>
    public static void EnsureFree(string url, string flag)
    {
        var uri = new Uri(url);
        var address = uri.Host is "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(uri.Host, out var parsed) ? parsed
            : IPAddress.Any;
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        // Like etcd (Go sets it): a port left in TIME_WAIT by a restarted member counts as free, a listener does not.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            socket.Bind(new IPEndPoint(address, uri.Port));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new EtcdMemberException(
                $"{flag}: {uri.Host}:{uri.Port} is already in use by another process (another etcd or mgmt agent?). "
                + $"Stop it, or choose a free port with {flag}.");
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AccessDenied)
        {
            throw new EtcdMemberException($"{flag}: cannot listen on {uri.Host}:{uri.Port} ({e.Message}): use an address of this machine and a port you may bind.");
        }
    }

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago (for tests and default-port fallbacks).</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
