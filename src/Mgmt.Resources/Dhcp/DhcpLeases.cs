using System.Net;

namespace Mgmt.Resources;

/// <summary>
/// The dynamic leases of one <c>dhcp:range</c>, kept in memory: which MAC holds (or was offered) which address until
/// when. A client gets back the address it had, or the one it asks for when that is free, or the lowest free one.
/// </summary>
internal sealed class DhcpLeases(DhcpRangeResource range, IReadOnlySet<uint> reserved, TimeProvider time)
{
    private readonly Dictionary<string, (uint Address, DateTimeOffset Until)> _byMac = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, string> _byAddress = [];
    private readonly Dictionary<uint, DateTimeOffset> _declined = [];
    private readonly (uint First, uint Last, int Prefix, HashSet<uint> Skipped) _pool = range.Pool();
    private readonly Lock _gate = new();

    /// <summary>How long an offer holds an address before it is free again.</summary>
    public static readonly TimeSpan OfferHold = TimeSpan.FromSeconds(30);

    public DhcpRangeResource Range => range;

    public int Prefix => _pool.Prefix;

    public bool Contains(uint address) => address >= _pool.First && address <= _pool.Last;

    /// <summary>An address for <paramref name="mac"/>, held for <paramref name="hold"/>; null when the pool is full.</summary>
    public IPAddress? Allocate(string mac, IPAddress? wanted, TimeSpan hold)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_byMac.TryGetValue(mac, out var had) && had.Until > now && Usable(had.Address, mac, now)) return Hold(mac, had.Address, now + hold);
            if (wanted is not null && Usable(DhcpRangeResource.Number(wanted), mac, now)) return Hold(mac, DhcpRangeResource.Number(wanted), now + hold);
            for (var a = _pool.First; a <= _pool.Last && a != 0; a++)
            {
                if (Usable(a, mac, now)) return Hold(mac, a, now + hold);
                if (a == uint.MaxValue) break;
            }
            return null;
        }
    }

    /// <summary>True when <paramref name="mac"/> was given (offered or leased) <paramref name="address"/> and it is still valid.</summary>
    public bool Holds(string mac, IPAddress address)
    {
        lock (_gate)
        {
            return _byMac.TryGetValue(mac, out var had) && had.Address == DhcpRangeResource.Number(address) && had.Until > time.GetUtcNow();
        }
    }

    public void Release(string mac)
    {
        lock (_gate)
        {
            if (!_byMac.Remove(mac, out var had)) return;
            _byAddress.Remove(had.Address);
        }
    }

    /// <summary>The client found the address in use by someone else: it is not handed out again for a while.</summary>
    public void Decline(string mac, IPAddress address)
    {
        lock (_gate)
        {
            Release(mac);
            _declined[DhcpRangeResource.Number(address)] = time.GetUtcNow() + TimeSpan.FromMinutes(10);
        }
    }

    private bool Usable(uint address, string mac, DateTimeOffset now)
    {
        if (!Contains(address) || _pool.Skipped.Contains(address) || reserved.Contains(address)) return false;
        if (_declined.TryGetValue(address, out var until) && until > now) return false;
        if (_byAddress.TryGetValue(address, out var holder) && holder != mac && _byMac.TryGetValue(holder, out var lease) && lease.Until > now) return false;
        return true;
    }

    private IPAddress Hold(string mac, uint address, DateTimeOffset until)
    {
        if (_byMac.TryGetValue(mac, out var old)) _byAddress.Remove(old.Address);
        _byMac[mac] = (address, until);
        _byAddress[address] = mac;
        Span<byte> bytes = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, address);
        return new IPAddress(bytes);
    }
}
