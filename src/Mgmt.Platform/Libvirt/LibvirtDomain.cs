using System.Runtime.InteropServices;

namespace Mgmt.Platform.Libvirt;

/// <summary>
/// One domain (virtual machine) of a connection. Every method is a blocking libvirt call: run it through
/// <see cref="LibvirtWork"/>. Failures throw <see cref="LibvirtException"/> naming the domain and the operation.
/// Disposing releases the reference, not the domain.
/// </summary>
public sealed class LibvirtDomain : IDisposable
{
    private readonly DomainHandle _handle;

    internal LibvirtDomain(DomainHandle handle, string name)
    {
        _handle = handle;
        Name = name;
    }

    /// <summary>The domain's name, unique on its connection.</summary>
    public string Name { get; }

    /// <summary>Its state, memory and vCPU count now.</summary>
    public unsafe DomainInfo GetInfo()
    {
        LibvirtNative.VirDomainInfo info;
        Check(LibvirtNative.virDomainGetInfo(_handle, &info), $"read the state of domain '{Name}'");
        return new DomainInfo((DomainState)info.State, info.MaxMem.Value, info.Memory.Value, info.NrVirtCpu);
    }

    /// <summary>True while the domain runs (in any state but shut off).</summary>
    public bool IsActive() => Check(LibvirtNative.virDomainIsActive(_handle), $"tell whether domain '{Name}' is running") == 1;

    /// <summary>True when the domain has a stored definition (it outlives a shutdown); false for a transient one.</summary>
    public bool IsPersistent() => Check(LibvirtNative.virDomainIsPersistent(_handle), $"tell whether domain '{Name}' is persistent") == 1;

    /// <summary>True when the hypervisor starts the (persistent) domain when it starts itself.</summary>
    public unsafe bool GetAutostart()
    {
        int autostart;
        Check(LibvirtNative.virDomainGetAutostart(_handle, &autostart), $"read whether domain '{Name}' starts with the host");
        return autostart != 0;
    }

    /// <summary>Sets whether the hypervisor starts the (persistent) domain when it starts itself.</summary>
    public void SetAutostart(bool autostart) =>
        Check(LibvirtNative.virDomainSetAutostart(_handle, autostart ? 1 : 0), $"set whether domain '{Name}' starts with the host");

    /// <summary>Starts a defined, shut-off domain; with <paramref name="paused"/> its vCPUs stay stopped.</summary>
    public void Start(bool paused = false) =>
        Check(LibvirtNative.virDomainCreateWithFlags(_handle, paused ? LibvirtNative.DomainStartPaused : 0), paused ? $"start domain '{Name}' paused" : $"start domain '{Name}'");

    /// <summary>Stops the domain at once, like pulling the plug. A transient domain disappears.</summary>
    public void Destroy() => Check(LibvirtNative.virDomainDestroy(_handle), $"destroy domain '{Name}'");

    /// <summary>Asks the guest to shut down; returns before it has (watch for the stopped event).</summary>
    public void Shutdown() => Check(LibvirtNative.virDomainShutdown(_handle), $"shut down domain '{Name}'");

    /// <summary>Pauses a running domain.</summary>
    public void Suspend() => Check(LibvirtNative.virDomainSuspend(_handle), $"pause domain '{Name}'");

    /// <summary>Resumes a paused domain.</summary>
    public void Resume() => Check(LibvirtNative.virDomainResume(_handle), $"resume domain '{Name}'");

    /// <summary>Removes the stored definition. A running domain keeps running, as a transient one.</summary>
    public void Undefine() => Check(LibvirtNative.virDomainUndefine(_handle), $"undefine domain '{Name}'");

    /// <summary>A vCPU figure: the count in use or the number of slots, live or configured, or online in the guest.</summary>
    public uint GetVirtualCpus(VcpuFlags which) =>
        (uint)Check(LibvirtNative.virDomainGetVcpusFlags(_handle, (uint)which), $"read the vCPU count ({which}) of domain '{Name}'");

    /// <summary>Sets a vCPU figure; on a running domain with <see cref="VcpuFlags.Live"/> this hot-plugs vCPUs.</summary>
    public void SetVirtualCpus(uint count, VcpuFlags which) =>
        Check(LibvirtNative.virDomainSetVcpusFlags(_handle, count, (uint)which), $"set the vCPU count ({which}) of domain '{Name}' to {count}");

    /// <summary>Sets the memory in KiB (or its maximum), live and/or in the stored definition.</summary>
    public void SetMemory(ulong kib, MemoryFlags which) =>
        Check(LibvirtNative.virDomainSetMemoryFlags(_handle, new CULong((nuint)kib), (uint)which), $"set the memory ({which}) of domain '{Name}' to {kib} KiB");

    /// <summary>The domain's XML: the live one, or with <paramref name="inactive"/> the stored definition.</summary>
    public unsafe string GetXml(bool inactive = false)
    {
        var xml = LibvirtNative.TakeString(LibvirtNative.virDomainGetXMLDesc(_handle, inactive ? LibvirtNative.DomainXmlInactive : 0));
        return xml ?? throw LibvirtException.FromLastError($"cannot read the XML of domain '{Name}'");
    }

    public void Dispose() => _handle.Dispose();

    public override string ToString() => Name;

    private int Check(int result, string doing)
    {
        if (result < 0) throw LibvirtException.FromLastError($"cannot {doing}");
        return result;
    }

    /// <summary>Wraps a handle a call returned, or throws that call's error when it is null.</summary>
    internal static unsafe LibvirtDomain Wrap(DomainHandle handle, string doing)
    {
        if (handle.IsInvalid)
        {
            var error = LibvirtException.FromLastError(doing);
            handle.Dispose();
            throw error;
        }
        var name = Marshal.PtrToStringUTF8((nint)LibvirtNative.virDomainGetName(handle)) ?? "";
        return new LibvirtDomain(handle, name);
    }
}
