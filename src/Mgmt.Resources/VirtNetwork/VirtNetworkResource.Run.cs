using System.Net;
using Mgmt.Engine.Resources;
using Mgmt.Platform.Libvirt;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

// The connection, the watch (libvirt's network lifecycle events) and CheckApply, which runs on a libvirt thread.
public sealed partial class VirtNetworkResource
{
    private readonly SemaphoreSlim _connectionGate = new(1, 1);
    private LibvirtLease? _lease;

    public override async Task WatchAsync(CancellationToken cancel)
    {
        var connection = await ConnectionAsync(cancel).ConfigureAwait(false);
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = connection.SubscribeNetwork(Name, e =>
        {
            if (e.Kind == DomainEventKind.ConnectionLost) lost.TrySetResult();
            else Context.Event();
        });
        Context.Running();
        try
        {
            await lost.Task.WaitAsync(cancel).ConfigureAwait(false);
            throw new IOException($"the connection to {connection} was lost; watching network '{Name}' again once it is back");
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
    }

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var hosts = GroupedMembers.OfType<VirtNetworkHostResource>().Select(h => h.Entry).ToList();
        var ranges = GroupedMembers.OfType<VirtNetworkRangeResource>().Select(r => r.Entry).ToList();
        if (!Absent) CheckMembers(hosts, ranges);
        var connection = await ConnectionAsync(cancel).ConfigureAwait(false);
        return await LibvirtWork.RunAsync(() => Reconcile(connection, hosts, ranges, apply), cancel).ConfigureAwait(false);
    }

    public override Task CleanupAsync()
    {
        _lease?.Dispose();
        _lease = null;
        return Task.CompletedTask;
    }

    /// <summary>The error of a host or range that runs on its own, so that no network would ever get it.</summary>
    internal static InvalidOperationException NotGrouped(Resource member, string network) => new(
        $"{member} is not part of any virt:network, so it is never applied; " +
        (network.Length > 0 ? $"add virt:network \"{network}\" (named by its 'network' parameter)" : "add a virt:network resource (and name it in 'network' when there are several)") +
        ", and do not turn autogrouping off for it");

    // Hosts and ranges must fit the network's subnet; grouping happens at run time, so this is checked here.
    private void CheckMembers(List<DhcpHostEntry> hosts, List<DhcpRangeEntry> ranges)
    {
        foreach (var host in hosts)
        {
            if (!InSubnet(IPAddress.Parse(host.Ip))) throw new InvalidOperationException($"host {host.Name} ({host.Mac}) has ip {host.Ip}, outside network {Name}'s {Ip}");
        }
        foreach (var range in ranges)
        {
            if (!InSubnet(IPAddress.Parse(range.Start)) || !InSubnet(IPAddress.Parse(range.End))) throw new InvalidOperationException($"range {range.Start}-{range.End} is outside network {Name}'s {Ip}");
        }
        foreach (var clash in hosts.GroupBy(h => h.Mac).Where(g => g.Count() > 1))
        {
            throw new InvalidOperationException($"several virt:network:host resources of network {Name} have mac {clash.Key}");
        }
    }

    private NetworkXml Wanted(IReadOnlyList<DhcpHostEntry> hosts, IReadOnlyList<DhcpRangeEntry> ranges)
    {
        var (address, prefix) = Subnet(Ip);
        return new NetworkXml(Name, Uuid, EffectiveMode, EffectiveDevice, Mac, address.ToString(), prefix, hosts, ranges);
    }

    private bool Reconcile(LibvirtConnection connection, List<DhcpHostEntry> hosts, List<DhcpRangeEntry> ranges, bool apply)
    {
        using var network = connection.LookupNetwork(Name);
        if (Absent)
        {
            if (network is null) return true;
            if (!apply) return false;
            if (network.IsActive()) network.Destroy();
            if (connection.LookupNetwork(Name) is { } still)
            {
                using (still) still.Undefine();
            }
            Changed("removed");
            return false;
        }
        if (network is null)
        {
            if (!apply) return false;
            var xml = Wanted(hosts, ranges).ToXml();
            if (Transient)
            {
                using var _ = connection.CreateTransientNetwork(xml);
                Changed("created and started (transient)");
                return false;
            }
            using (var defined = connection.DefineNetwork(xml))
            {
                Changed("defined");
                RunState(defined, apply);
                RunStartup(defined, apply);
            }
            return false;
        }
        var ok = RunBase(connection, network, hosts, ranges, apply, out var replaced);
        using (replaced)
        {
            var current = replaced ?? network;
            ok &= RunDhcp(current, hosts, ranges, apply);
            ok &= RunPersistence(connection, current, apply);
            ok &= RunState(current, apply);
            ok &= RunStartup(current, apply);
        }
        return ok;
    }

    // The base fields: a persistent network gets a new definition (restarted when it runs, so the change takes);
    // a transient one is recreated. The DHCP entries already there are kept.
    private bool RunBase(LibvirtConnection connection, LibvirtNetwork network, List<DhcpHostEntry> hosts, List<DhcpRangeEntry> ranges, bool apply, out LibvirtNetwork? replaced)
    {
        replaced = null;
        var persistent = network.IsPersistent();
        var current = NetworkXml.Parse(network.GetXml(inactive: persistent));
        var wanted = Wanted(hosts, ranges);
        if (current.SameBase(wanted)) return true;
        if (!apply) return false;
        var merged = wanted with
        {
            Uuid = wanted.Uuid.Length > 0 ? wanted.Uuid : current.Uuid,
            Hosts = [.. current.Hosts.Where(h => hosts.All(w => w.Mac != h.Mac)), .. hosts],
            Ranges = [.. current.Ranges.Where(r => !ranges.Contains(r)), .. ranges],
        };
        var active = network.IsActive();
        if (persistent)
        {
            // Stopped first, so the new definition is the one that starts (some drivers keep the old one
            // running otherwise, even across a restart).
            if (active) network.Destroy();
            replaced = connection.DefineNetwork(merged.ToXml());
            if (active && State != Down) replaced.Start();
            Changed(active ? "redefined and restarted" : "redefined");
        }
        else
        {
            if (active) network.Destroy();
            replaced = connection.CreateTransientNetwork(merged.ToXml());
            Changed("recreated (transient)");
        }
        return false;
    }

    private bool RunDhcp(LibvirtNetwork network, List<DhcpHostEntry> hosts, List<DhcpRangeEntry> ranges, bool apply)
    {
        var persistent = network.IsPersistent();
        var active = network.IsActive();
        var ok = true;
        // The stored and the running definitions may differ; each is brought in line on its own.
        foreach (var target in new[] { NetworkUpdateTarget.Config, NetworkUpdateTarget.Live })
        {
            if (target == NetworkUpdateTarget.Config ? !persistent : !active) continue;
            var current = NetworkXml.Parse(network.GetXml(inactive: target == NetworkUpdateTarget.Config));
            foreach (var host in hosts)
            {
                var existing = current.Hosts.FirstOrDefault(h => h.Mac == host.Mac);
                if (existing == host) continue;
                ok = false;
                if (apply) network.Update(existing is null ? NetworkUpdateCommand.AddLast : NetworkUpdateCommand.Modify, NetworkSection.DhcpHost, host.ToXml(), target);
            }
            foreach (var range in ranges.Where(r => !current.Ranges.Contains(r)))
            {
                ok = false;
                if (apply) network.Update(NetworkUpdateCommand.AddLast, NetworkSection.DhcpRange, range.ToXml(), target);
            }
            if (PurgeHosts)
            {
                foreach (var stray in current.Hosts.Where(h => hosts.All(w => w.Mac != h.Mac)))
                {
                    ok = false;
                    if (apply) network.Update(NetworkUpdateCommand.Delete, NetworkSection.DhcpHost, stray.ToXml(), target);
                }
            }
            if (PurgeRanges)
            {
                foreach (var stray in current.Ranges.Where(r => !ranges.Contains(r)))
                {
                    ok = false;
                    if (apply) network.Update(NetworkUpdateCommand.Delete, NetworkSection.DhcpRange, stray.ToXml(), target);
                }
            }
        }
        if (!ok && apply) Changed("DHCP entries updated");
        return ok;
    }

    // A persistent network wanted transient loses its definition (it keeps running); a transient one wanted
    // persistent gets its live definition stored.
    private bool RunPersistence(LibvirtConnection connection, LibvirtNetwork network, bool apply)
    {
        var persistent = network.IsPersistent();
        if (persistent == !Transient) return true;
        if (!apply) return false;
        if (Transient) network.Undefine();
        else
        {
            using var _ = connection.DefineNetwork(network.GetXml());
        }
        Changed(Transient ? "undefined (kept running, transient)" : "defined");
        return false;
    }

    private bool RunState(LibvirtNetwork network, bool apply)
    {
        if (State.Length == 0) return true;
        var active = network.IsActive();
        if (active == (State == Up)) return true;
        if (!apply) return false;
        if (State == Up) network.Start();
        else network.Destroy();
        Changed(State == Up ? "started" : "stopped");
        return false;
    }

    private bool RunStartup(LibvirtNetwork network, bool apply)
    {
        if (Startup.Length == 0 || Transient) return true;
        var wanted = Startup == "enabled";
        if (network.GetAutostart() == wanted) return true;
        if (!apply) return false;
        network.SetAutostart(wanted);
        Changed(wanted ? "starts at boot" : "no longer starts at boot");
        return false;
    }

    // What changed, for the log and for the engine's change report (only reached when applying).
    private void Changed(string what)
    {
        VirtNetworkLog.Changed(Context.Logger, Name, what);
        Context.Changes.Action($"network {Name}: {what}");
    }

    private async Task<LibvirtConnection> ConnectionAsync(CancellationToken cancel)
    {
        await _connectionGate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            if (_lease is { Connection.IsLost: false }) return _lease.Connection;
            _lease?.Dispose();
            _lease = null;
            var pool = Context.Services.GetService(typeof(LibvirtConnectionPool)) as LibvirtConnectionPool ?? LibvirtConnectionPool.Shared;
            _lease = await pool.AcquireAsync(Uri, Credentials, cancel).ConfigureAwait(false);
            return _lease.Connection;
        }
        finally
        {
            _connectionGate.Release();
        }
    }
}

internal static partial class VirtNetworkLog
{
    [LoggerMessage(EventId = 7401, Level = LogLevel.Information, Message = "network {Name}: {What}")]
    public static partial void Changed(ILogger logger, string name, string what);
}
