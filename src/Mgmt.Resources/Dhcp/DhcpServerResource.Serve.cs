using Mgmt.Platform.Http;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using Mgmt.Platform.Network;

namespace Mgmt.Resources;

// The server's lifetime (inside Watch) and the answers: DISCOVER -> OFFER, REQUEST -> ACK or NAK, RELEASE, DECLINE, INFORM.
public sealed partial class DhcpServerResource
{
    private const int ServerPort = 67;
    private const int ClientPort = 68;

    private DhcpHostResource[] _hosts = [];
    private DhcpLeases[] _ranges = [];
    private IPAddress _serverId = IPAddress.Any;

    /// <summary>The UDP port bound while the server runs.</summary>
    internal int? BoundPort { get; private set; }

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        ResolveServerId();
        Members();
        var ok = true;
        foreach (var member in GroupedMembers) ok &= await member.CheckApplyAsync(apply, cancel).ConfigureAwait(false);
        return ok;
    }

    public override async Task WatchAsync(CancellationToken cancel)
    {
        _serverId = ResolveServerId();
        var (hosts, ranges) = Members();
        _hosts = hosts;
        _ranges = ranges;
        var address = HttpListenAddress.Parse(EffectiveAddress);
        using var socket = Namespace is null ? Open(address) : NetworkNamespace.CreateIn(Namespace, () => Open(address));
        BoundPort = ((IPEndPoint)socket.LocalEndPoint!).Port;
        DhcpLog.Listening(Context.Logger, socket.LocalEndPoint!.ToString()!, Interface.Length > 0 ? Interface : "every interface", _serverId.ToString(), hosts.Length, ranges.Length);
        Context.Running();
        var buffer = new byte[1500];
        try
        {
            while (true)
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cancel).ConfigureAwait(false);
                var request = DhcpPacket.Parse(buffer.AsSpan(0, received.ReceivedBytes));
                if (request is null) continue;
                var reply = Answer(request);
                if (reply is null) continue;
                await socket.SendToAsync(reply.ToBytes(), SocketFlags.None, Destination(request, reply), cancel).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        finally
        {
            BoundPort = null;
        }
    }

    private Socket Open(HttpListenAddress address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { EnableBroadcast = true };
        try
        {
            if (Interface.Length > 0)
            {
                // Bound to the device, several servers (one per interface) can share port 67.
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.SetRawSocketOption(1 /* SOL_SOCKET */, 25 /* SO_BINDTODEVICE */, Encoding.ASCII.GetBytes(Interface + "\0"));
            }
            socket.Bind(new IPEndPoint(address.Host ?? IPAddress.Any, address.Port));
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            const int NoSuchDevice = 19; // ENODEV, from SO_BINDTODEVICE
            throw new IOException(e.NativeErrorCode == NoSuchDevice && Interface.Length > 0 ? $"cannot serve interface {Interface}: it does not exist" : e.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => $"cannot listen on UDP {address}: the port is taken (is another DHCP server, such as dnsmasq, running?)",
                SocketError.AccessDenied => $"cannot listen on UDP {address}: permission denied (port 67 needs root)",
                _ => $"cannot listen on UDP {address}{(Interface.Length > 0 ? " on " + Interface : "")}: {e.Message}",
            }, e);
        }
    }

    private (DhcpHostResource[] Hosts, DhcpLeases[] Ranges) Members()
    {
        var hosts = GroupedMembers.OfType<DhcpHostResource>().ToArray();
        foreach (var clash in hosts.GroupBy(h => h.Mac).Where(g => g.Count() > 1)) throw new InvalidOperationException($"several dhcp:host resources have mac {clash.Key}");
        // Static hosts, the server itself and the routers are never leased from a range.
        var reserved = hosts.Select(h => DhcpRangeResource.Number(h.Address.Address)).ToHashSet();
        foreach (var own in (Routers ?? []).Append(_serverId.ToString()).Where(IsIpv4)) reserved.Add(DhcpRangeResource.Number(IPAddress.Parse(own)));
        var ranges = GroupedMembers.OfType<DhcpRangeResource>().Select(r => new DhcpLeases(r, reserved, Context.Time)).ToArray();
        return (hosts, ranges);
    }

    // The identifier clients use to tell servers apart: given, or the listen address, or the interface's first IPv4.
    private IPAddress ResolveServerId()
    {
        if (!string.IsNullOrEmpty(ServerId)) return IPAddress.Parse(ServerId);
        var host = HttpListenAddress.Parse(EffectiveAddress).Host;
        if (host is not null && !host.Equals(IPAddress.Any)) return host;
        if (Interface.Length > 0 && Namespace is null)
        {
            var nic = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == Interface);
            var ip = nic?.GetIPProperties().UnicastAddresses.Select(u => u.Address).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
            if (ip is not null) return ip;
        }
        throw new InvalidOperationException($"dhcp:server {Name} cannot tell its server id: set serverid, listen on one address, or name an interface that has an IPv4 address");
    }

    private DhcpPacket? Answer(DhcpPacket request)
    {
        var type = request.Type!.Value;
        var mac = request.Mac;
        var host = _hosts.FirstOrDefault(h => h.Mac == mac);
        switch (type)
        {
            case DhcpMessageType.Discover:
            {
                var offer = Assign(request, host, request.Address(DhcpOption.RequestedAddress), DhcpLeases.OfferHold);
                if (offer is null) DhcpLog.NoAddress(Context.Logger, mac);
                return offer is null ? null : Build(request, DhcpMessageType.Offer, offer.Value);
            }
            case DhcpMessageType.Request:
            {
                // A request naming another server means the client took that server's offer.
                if (request.Address(DhcpOption.ServerId) is { } chosen && !chosen.Equals(_serverId))
                {
                    foreach (var leases in _ranges) leases.Release(mac);
                    return null;
                }
                var wanted = request.Address(DhcpOption.RequestedAddress) ?? (request.ClientAddress.Equals(IPAddress.Any) ? null : request.ClientAddress);
                var lease = wanted is null ? null : Assign(request, host, wanted, Lease);
                if (lease is null || !lease.Value.Address.Equals(wanted))
                {
                    DhcpLog.Refused(Context.Logger, mac, wanted?.ToString() ?? "(none)");
                    var nak = DhcpPacket.ReplyTo(request, DhcpMessageType.Nak);
                    nak.Options[DhcpOption.ServerId] = _serverId.GetAddressBytes();
                    return nak;
                }
                DhcpLog.Leased(Context.Logger, lease.Value.Address.ToString(), mac, Lease.TotalSeconds);
                return Build(request, DhcpMessageType.Ack, lease.Value);
            }
            case DhcpMessageType.Release:
                foreach (var leases in _ranges) leases.Release(mac);
                return null;
            case DhcpMessageType.Decline:
                if (request.Address(DhcpOption.RequestedAddress) is { } bad)
                {
                    foreach (var leases in _ranges.Where(l => l.Contains(DhcpRangeResource.Number(bad)))) leases.Decline(mac, bad);
                }
                return null;
            case DhcpMessageType.Inform:
            {
                var ack = DhcpPacket.ReplyTo(request, DhcpMessageType.Ack);
                ack.ClientAddress = request.ClientAddress;
                AddCommonOptions(ack, request, null, null);
                return ack;
            }
            default:
                return null;
        }
    }

    /// <summary>The address for a client: its static host entry, else a lease from the first range that has one.</summary>
    private (IPAddress Address, int Prefix, string Nbp, string NbpPath)? Assign(DhcpPacket request, DhcpHostResource? host, IPAddress? wanted, TimeSpan hold)
    {
        if (host is not null)
        {
            var (address, prefix) = host.Address;
            return (address, prefix, host.Nbp, host.NbpPath);
        }
        foreach (var leases in _ranges)
        {
            if (hold == Lease && wanted is not null && !leases.Holds(request.Mac, wanted) && !leases.Contains(DhcpRangeResource.Number(wanted))) continue;
            var address = leases.Allocate(request.Mac, wanted, hold);
            if (address is not null) return (address, leases.Prefix, leases.Range.Nbp, leases.Range.NbpPath);
        }
        return null;
    }

    private DhcpPacket Build(DhcpPacket request, DhcpMessageType type, (IPAddress Address, int Prefix, string Nbp, string NbpPath) assigned)
    {
        var reply = DhcpPacket.ReplyTo(request, type);
        reply.YourAddress = assigned.Address;
        reply.Options[DhcpOption.LeaseTime] = BigEndian((uint)Lease.TotalSeconds);
        reply.Options[DhcpOption.SubnetMask] = BigEndian(DhcpRangeResource.Mask32(assigned.Prefix));
        AddCommonOptions(reply, request, assigned.Nbp, assigned.NbpPath);
        return reply;
    }

    private void AddCommonOptions(DhcpPacket reply, DhcpPacket request, string? nbp, string? nbpPath)
    {
        reply.ServerAddress = _serverId;
        reply.Options[DhcpOption.ServerId] = _serverId.GetAddressBytes();
        if (Routers is { Count: > 0 }) reply.Options[DhcpOption.Routers] = [.. Routers.SelectMany(r => IPAddress.Parse(r).GetAddressBytes())];
        if (Dns is { Count: > 0 }) reply.Options[DhcpOption.DomainServers] = [.. Dns.SelectMany(r => IPAddress.Parse(r).GetAddressBytes())];
        var boot = string.IsNullOrEmpty(nbp) ? Nbp : nbp;
        if (boot.Length == 0) return;
        var uri = new System.Uri(boot);
        var path = string.IsNullOrEmpty(nbpPath) ? uri.AbsolutePath : nbpPath;
        reply.BootFile = path;
        if (request.Requested(DhcpOption.TftpServerName)) reply.Options[DhcpOption.TftpServerName] = Encoding.ASCII.GetBytes(uri.Host);
        if (request.Requested(DhcpOption.BootFileName) && path.Length > 0) reply.Options[DhcpOption.BootFileName] = Encoding.ASCII.GetBytes(path);
    }

    // RFC 2131 4.1: through a relay, to the relay; to a client that has an address, to it; otherwise broadcast.
    private static IPEndPoint Destination(DhcpPacket request, DhcpPacket reply)
    {
        if (!request.RelayAddress.Equals(IPAddress.Any)) return new IPEndPoint(request.RelayAddress, ServerPort);
        if (!request.ClientAddress.Equals(IPAddress.Any) && reply.Type != DhcpMessageType.Nak) return new IPEndPoint(request.ClientAddress, ClientPort);
        return new IPEndPoint(IPAddress.Broadcast, ClientPort);
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }
}
