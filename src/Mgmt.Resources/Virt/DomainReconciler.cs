using Mgmt.Platform.Libvirt;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>What one check of a virt resource found (after repairing, unless in noop).</summary>
/// <param name="CheckOk">True when nothing had to change.</param>
/// <param name="State">The domain's state afterwards: running, paused, shutoff, ..., or absent when it does not exist.</param>
/// <param name="Cpus">Its vCPU count afterwards (0 when absent).</param>
/// <param name="MemoryKiB">Its memory afterwards (0 when absent).</param>
internal sealed record VirtOutcome(bool CheckOk, string State, long Cpus, long MemoryKiB);

/// <summary>
/// One check (and repair) of a virt resource's domain, run on a dedicated thread because every libvirt call blocks.
/// In order: the domain exists (or not, when absent), its persistence, a restart when asked for (refresh) or needed
/// (a divergence the running domain cannot take live), its vCPUs and memory, and its run state; vCPUs and memory
/// are checked again after the run state changed.
/// </summary>
/// <remarks>
/// In noop mode nothing changes: each difference is logged as what would be done, and the check reports false.
/// </remarks>
internal sealed partial class DomainReconciler(
    VirtResource resource, LibvirtConnection connection, ILogger logger, TimeProvider time, bool apply, bool refresh, CancellationToken cancel)
{
    private readonly VirtResource _r = resource;
    private bool _ok = true;

    public VirtOutcome Run()
    {
        var domain = connection.LookupDomain(_r.Name);
        try
        {
            if (domain is null)
            {
                if (_r.Absent) return Observe(null);
                if (!Differs($"create domain '{_r.Name}'")) return Observe(null);
                domain = Create();
            }
            domain = FixPersistence(domain);
            if (domain is null) return Observe(null);
            FixStartup(domain);

            if (refresh && _r.RestartOnRefresh && (_r.State is "running" or "paused") && domain.IsActive()
                && Differs("restart the domain (a parent notified it and restartonrefresh is set)"))
            {
                VirtLog.Restarting(logger, "a parent notified it and restartonrefresh is set");
                domain = Restart(domain);
            }
            domain = HandleDivergence(domain);

            // A domain that is to stop gets its stored definition fixed once it is off, not hot-plugged first.
            if (_r.State != "shutoff") FixHardware(domain);
            if ((FixState(ref domain) || _r.State == "shutoff") && domain is not null) FixHardware(domain);
            return Observe(domain);
        }
        finally
        {
            domain?.Dispose();
        }
    }

    /// <summary>Records a difference; true when it is to be repaired (false in noop, after logging it).</summary>
    private bool Differs(string action)
    {
        _ok = false;
        _r.Changes.Action(action);
        if (apply) return true;
        VirtLog.WouldChange(logger, action);
        return false;
    }

    private void Done(string action) => VirtLog.Changed(logger, action);

    /// <summary>
    /// Creates the domain from the generated XML, in the wanted state. When the hypervisor offers both hardware
    /// acceleration and emulation and the accelerated domain cannot be created or started (a host where the guests
    /// may not use /dev/kvm), it is created again emulated, with a warning.
    /// </summary>
    private LibvirtDomain Create()
    {
        var types = DomainXml.PickDomainTypes(connection.GetCapabilities(), DomainXml.OsType(_r.Uri), connection.ToString());
        for (var i = 0; ; i++)
        {
            try
            {
                return CreateAs(types[i]);
            }
            catch (LibvirtException e) when (i + 1 < types.Count)
            {
                VirtLog.FallingBack(logger, types[i], types[i + 1], e.Message);
            }
        }
    }

    private LibvirtDomain CreateAs(string domainType)
    {
        var xml = DomainXml.Build(_r, domainType);
        if (_r.Transient)
        {
            // A transient domain exists only while it runs, so it is created running (or paused).
            var paused = _r.State == "paused";
            LibvirtDomain created;
            try
            {
                created = connection.CreateTransientDomain(xml, paused);
            }
            catch (LibvirtException e) when (paused && e.IsUnsupported)
            {
                created = connection.CreateTransientDomain(xml);
                created.Suspend();
            }
            Done(paused ? "transient domain created paused" : "transient domain created and started");
            return created;
        }
        var domain = connection.DefineDomain(xml);
        Done("domain defined");
        try
        {
            if (_r.State == "running")
            {
                domain.Start();
                Done("domain started");
            }
            else if (_r.State == "paused")
            {
                StartPaused(domain);
                Done("domain started paused");
            }
            return domain;
        }
        catch (LibvirtException)
        {
            // Defined by this very check and unable to start: take the definition back rather than leave half a
            // domain behind (and so that another domain type can be tried under the same name).
            try
            {
                domain.Undefine();
                Done("domain undefined again (it could not start)");
            }
            catch (LibvirtException)
            {
                // The start's error is the one that explains what went wrong.
            }
            domain.Dispose();
            throw;
        }
    }

    /// <summary>Makes the domain persistent or transient as wanted; null when that made it disappear.</summary>
    /// <summary>Whether the domain starts with the hypervisor (startup), for a defined domain.</summary>
    private void FixStartup(LibvirtDomain domain)
    {
        if (_r.Startup.Length == 0 || !domain.IsPersistent()) return;
        var wanted = _r.Startup == "enabled";
        if (domain.GetAutostart() == wanted || !Differs(wanted ? "make the domain start with the host" : "stop the domain from starting with the host")) return;
        domain.SetAutostart(wanted);
        Done(wanted ? "domain starts with the host" : "domain no longer starts with the host");
    }

    private LibvirtDomain? FixPersistence(LibvirtDomain domain)
    {
        var persistent = domain.IsPersistent();
        if (persistent != _r.Transient) return domain;
        if (!persistent)
        {
            if (!Differs("define the transient domain (make it persistent)")) return domain;
            connection.DefineDomain(domain.GetXml(inactive: true)).Dispose();
            Done("domain defined from its running configuration (now persistent)");
            return domain;
        }
        if (!Differs("undefine the domain (make it transient)")) return domain;
        var active = domain.IsActive();
        domain.Undefine();
        Done(active ? "domain undefined (it runs on as a transient domain)" : "domain undefined (it was not running, so it is gone)");
        if (active) return domain;
        // An undefined domain that was not running no longer exists: create the transient one, unless it must be absent.
        domain.Dispose();
        return _r.Absent ? null : Create();
    }

    /// <summary>Starts a domain paused, on drivers that cannot do it in one step by starting and pausing it.</summary>
    private static void StartPaused(LibvirtDomain domain)
    {
        try
        {
            domain.Start(paused: true);
        }
        catch (LibvirtException e) when (e.IsUnsupported)
        {
            domain.Start();
            domain.Suspend();
        }
    }

    /// <summary>What the check reports and sends: the domain as libvirt sees it now.</summary>
    private VirtOutcome Observe(LibvirtDomain? domain)
    {
        if (domain is null) return new VirtOutcome(_ok, "absent", 0, 0);
        DomainInfo info;
        try
        {
            info = domain.GetInfo();
        }
        catch (LibvirtException e) when (e.IsNoDomain)
        {
            // A transient domain that stopped is gone.
            return new VirtOutcome(_ok, "absent", 0, 0);
        }
        return new VirtOutcome(_ok, StateName(info.State), info.VirtualCpus, (long)info.MemoryKiB);
    }

    /// <summary>The name users see for a run state (the same words as the state parameter where they exist).</summary>
    public static string StateName(DomainState state) => state switch
    {
        DomainState.Running or DomainState.Blocked => "running",
        DomainState.Paused => "paused",
        DomainState.Shutoff => "shutoff",
        DomainState.ShuttingDown => "shuttingdown",
        DomainState.Crashed => "crashed",
        DomainState.PMSuspended => "pmsuspended",
        _ => "unknown",
    };
}
