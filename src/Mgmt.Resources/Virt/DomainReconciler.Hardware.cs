using Mgmt.Platform.Libvirt;

namespace Mgmt.Resources;

// vCPUs and memory. On a running domain they change live (vCPU hot-plug, memory balloon) within the limits it was
// started with: its vCPU slots and its maximum memory. Beyond those limits only a restart helps, which
// restartondiverge decides. On a stopped persistent domain the stored definition is changed, limits included.
internal sealed partial class DomainReconciler
{
    /// <summary>Handles what the running domain cannot take live, by the restartondiverge policy.</summary>
    private LibvirtDomain HandleDivergence(LibvirtDomain domain)
    {
        if (_r.State == "shutoff") return domain; // it is going to stop anyway; its definition is fixed then
        var info = domain.GetInfo();
        if (!info.IsActive) return domain;
        var reasons = new List<string>();
        var slots = domain.GetVirtualCpus(VcpuFlags.Maximum | VcpuFlags.Live);
        if (slots != _r.SlotCount) reasons.Add($"changing the vCPU slots from {slots} to {_r.SlotCount}");
        if (_r.Memory > info.MaxMemoryKiB) reasons.Add($"raising the memory to {_r.Memory} KiB, above the running domain's maximum of {info.MaxMemoryKiB} KiB");
        if (reasons.Count == 0) return domain;
        var what = string.Join(" and ", reasons);
        switch (_r.RestartOnDiverge)
        {
            case "ignore":
                VirtLog.DivergenceIgnored(logger, what);
                return domain;
            case "ifneeded":
                if (!Differs($"restart the domain for {what}")) return domain;
                VirtLog.Restarting(logger, what);
                return Restart(domain);
            default:
                if (!Differs($"restart the domain for {what}")) return domain;
                throw new InvalidOperationException(
                    $"{what} needs a restart of the running domain '{_r.Name}': set restartondiverge to ifneeded to let mgmt restart it " +
                    "(or to ignore to leave it as it is), or restart it by hand");
        }
    }

    /// <summary>Brings the vCPU count, vCPU slots (when stopped) and memory to the wanted values, as far as possible live.</summary>
    private void FixHardware(LibvirtDomain domain)
    {
        if (_r.Absent) return;
        DomainInfo info;
        try
        {
            info = domain.GetInfo();
        }
        catch (LibvirtException e) when (e.IsNoDomain)
        {
            return; // a transient domain stopped meanwhile; the next check creates it again
        }
        if (info.IsActive)
        {
            if (info.State is not (DomainState.Running or DomainState.Blocked or DomainState.Paused)) return; // the state step first
            FixLiveMemory(domain, info);
            FixLiveCpus(domain, info);
        }
        else if (domain.IsPersistent())
        {
            FixStoredDefinition(domain, info);
        }
    }

    private void FixLiveMemory(LibvirtDomain domain, DomainInfo info)
    {
        if (info.MemoryKiB == _r.Memory || _r.Memory > info.MaxMemoryKiB) return; // above the maximum: a divergence
        if (!Differs($"change the memory from {info.MemoryKiB} to {_r.Memory} KiB")) return;
        // Two calls: some drivers (the test driver) refuse live and config together.
        domain.SetMemory(_r.Memory, MemoryFlags.Live);
        if (domain.IsPersistent()) domain.SetMemory(_r.Memory, MemoryFlags.Config);
        Done($"memory changed live from {info.MemoryKiB} to {_r.Memory} KiB");
    }

    private void FixLiveCpus(LibvirtDomain domain, DomainInfo info)
    {
        if (info.VirtualCpus != _r.Cpus)
        {
            var slots = domain.GetVirtualCpus(VcpuFlags.Maximum | VcpuFlags.Live);
            if (_r.Cpus > slots) return; // more than the slots: a divergence
            if (!Differs($"hot-plug vCPUs from {info.VirtualCpus} to {_r.Cpus}")) return;
            // A persistent domain keeps the new count across restarts too.
            SetCpus(domain, domain.IsPersistent() ? VcpuFlags.Live | VcpuFlags.Config : VcpuFlags.Live);
            Done($"vCPUs changed live (hot-plug) from {info.VirtualCpus} to {_r.Cpus}");
        }
        FixGuestCpus(domain, info);
    }

    // With a guest agent, the host can also bring hot-plugged vCPUs online inside the guest (and take them offline).
    private void FixGuestCpus(LibvirtDomain domain, DomainInfo info)
    {
        if (!_r.HotCpus || info.State == DomainState.Paused || !DomainXml.AgentConnected(domain.GetXml())) return;
        var online = domain.GetVirtualCpus(VcpuFlags.Guest);
        if (online == _r.Cpus || !Differs($"set the vCPUs online in the guest from {online} to {_r.Cpus}")) return;
        domain.SetVirtualCpus(_r.Cpus, VcpuFlags.Guest);
        Done($"vCPUs online in the guest changed from {online} to {_r.Cpus}");
    }

    private void FixStoredDefinition(LibvirtDomain domain, DomainInfo info)
    {
        var slots = domain.GetVirtualCpus(VcpuFlags.Maximum | VcpuFlags.Config);
        if (slots != _r.SlotCount && Differs($"change the vCPU slots from {slots} to {_r.SlotCount}"))
        {
            // The count may never exceed the slots: lower it first when the slots shrink below it.
            if (info.VirtualCpus > _r.SlotCount) SetCpus(domain, VcpuFlags.Config);
            domain.SetVirtualCpus(_r.SlotCount, VcpuFlags.Maximum | VcpuFlags.Config);
            Done($"vCPU slots changed from {slots} to {_r.SlotCount} in the definition");
            info = domain.GetInfo();
        }
        if (info.VirtualCpus != _r.Cpus && Differs($"change the vCPUs from {info.VirtualCpus} to {_r.Cpus} in the definition"))
        {
            SetCpus(domain, VcpuFlags.Config);
            Done($"vCPUs changed from {info.VirtualCpus} to {_r.Cpus} in the definition");
        }
        if (info.MemoryKiB != _r.Memory && Differs($"change the memory from {info.MemoryKiB} to {_r.Memory} KiB in the definition"))
        {
            if (_r.Memory > info.MaxMemoryKiB) domain.SetMemory(_r.Memory, MemoryFlags.Maximum | MemoryFlags.Config);
            domain.SetMemory(_r.Memory, MemoryFlags.Config);
            Done($"memory changed from {info.MemoryKiB} to {_r.Memory} KiB in the definition");
        }
    }

    /// <summary>
    /// Sets the vCPU count with <paramref name="flags"/>, asking for the added vCPUs to be unpluggable later where the
    /// stored definition changes (some drivers, such as the test driver, refuse that flag: then without it).
    /// </summary>
    private void SetCpus(LibvirtDomain domain, VcpuFlags flags)
    {
        if (!_r.HotCpus || !flags.HasFlag(VcpuFlags.Config))
        {
            domain.SetVirtualCpus(_r.Cpus, flags);
            return;
        }
        try
        {
            domain.SetVirtualCpus(_r.Cpus, flags | VcpuFlags.Hotpluggable);
        }
        catch (LibvirtException e) when (e.IsUnsupported)
        {
            domain.SetVirtualCpus(_r.Cpus, flags);
        }
    }
}
