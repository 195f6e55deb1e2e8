using Mgmt.Platform.Firewall;
using Mgmt.Platform.Systemd;

namespace Mgmt.Resources;

// CheckApply: read the zone's services and ports from firewalld (runtime, and permanent when asked), then add
// or remove the listed ones that differ. A single port counts as open when a listed range covers it.
public sealed partial class FirewalldResource
{
    private readonly SemaphoreSlim _clientLock = new(1, 1);
    private FirewalldClient? _client;
    private Task<Exception?>? _clientLost;

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var client = await ClientAsync(cancel).ConfigureAwait(false);
        var zone = Zone.Length > 0 ? Zone : await client.GetDefaultZoneAsync(cancel).ConfigureAwait(false);
        var ok = await CheckApplyConfigAsync(client, zone, permanent: false, apply, cancel).ConfigureAwait(false);
        if (Permanent)
        {
            ok &= await CheckApplyConfigAsync(client, zone, permanent: true, apply, cancel).ConfigureAwait(false);
        }
        return ok;
    }

    private async Task<bool> CheckApplyConfigAsync(FirewalldClient client, string zone, bool permanent, bool apply, CancellationToken cancel)
    {
        var where = permanent ? "permanent" : "runtime";
        var ok = true;
        var services = await client.GetServicesAsync(zone, permanent, cancel).ConfigureAwait(false);
        foreach (var service in Services.Distinct(StringComparer.Ordinal))
        {
            if (services.Contains(service) == WantPresent) continue;
            ok = false;
            Context.Changes.Action($"{(WantPresent ? "add" : "remove")} the service {service} {(WantPresent ? "to" : "from")} the zone {zone} ({where})");
            if (!apply) continue;
            await IgnoringRaceAsync(WantPresent
                ? client.AddServiceAsync(zone, service, permanent, cancel)
                : client.RemoveServiceAsync(zone, service, permanent, cancel)).ConfigureAwait(false);
            FirewalldLog.Changed(Context.Logger, WantPresent ? "added" : "removed", "service " + service, zone, where);
        }

        var ports = await client.GetPortsAsync(zone, permanent, cancel).ConfigureAwait(false);
        foreach (var port in Ports.Select(ParsePort).Distinct())
        {
            var exact = ports.Contains(port);
            var cover = exact ? port : ports.FirstOrDefault(p => Covers(p, port));
            var open = cover.Port is not null;
            if (open == WantPresent) continue;
            if (!WantPresent && !exact)
            {
                // Closing one port inside an opened range would need the range split: that is the user's call.
                throw new InvalidOperationException(
                    $"the port {port} is to be absent, but the zone {zone} opens it as part of the range {cover} ({where}); " +
                    $"remove that range (list '{cover}' under ports of an absent firewalld resource) or open smaller ranges instead");
            }
            ok = false;
            Context.Changes.Action($"{(WantPresent ? "open" : "close")} the port {port} in the zone {zone} ({where})");
            if (!apply) continue;
            await IgnoringRaceAsync(WantPresent
                ? client.AddPortAsync(zone, port, permanent, cancel)
                : client.RemovePortAsync(zone, port, permanent, cancel)).ConfigureAwait(false);
            FirewalldLog.Changed(Context.Logger, WantPresent ? "opened" : "closed", "port " + port, zone, where);
        }
        return ok;
    }

    // True when the listed entry (a port or range) opens every port of the wanted one, with the same protocol.
    internal static bool Covers(FirewallPort listed, FirewallPort wanted)
    {
        if (listed.Protocol != wanted.Protocol) return false;
        if (ParseRange(listed.Port) is not { } have || ParseRange(wanted.Port) is not { } want) return false;
        return have.Low <= want.Low && want.High <= have.High;
    }

    // Someone else made the same change between our read and our write: the result is what we wanted.
    private static async Task IgnoringRaceAsync(Task change)
    {
        try
        {
            await change.ConfigureAwait(false);
        }
        catch (FirewalldException e) when (e.Code is "ALREADY_ENABLED" or "NOT_ENABLED")
        {
        }
    }

    // One bus connection per resource, shared by CheckApply and Watch (which may run at the same time); replaced
    // when the bus dropped it.
    private async Task<FirewalldClient> ClientAsync(CancellationToken cancel)
    {
        await _clientLock.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            if (_client is not null && _clientLost is { IsCompleted: false }) return _client;
            _client?.Dispose();
            _client = null;
            var address = Bus.Settings.AddressOf(SystemdScope.System);
            var client = await FirewalldClient.ConnectAsync(address, cancel).ConfigureAwait(false);
            _clientLost = client.DisconnectedAsync();
            _client = client;
            return client;
        }
        finally
        {
            _clientLock.Release();
        }
    }
}
