using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Mgmt.Platform.Libvirt;

namespace Mgmt.Resources;

/// <summary>
/// <c>virt</c>: a libvirt domain (virtual machine or container) named after the resource, on the hypervisor at
/// <see cref="Uri"/>. It keeps the domain defined or transient, in the wanted run state, with the wanted vCPU count
/// (hot-plugged live when it runs) and memory. Lifecycle events of the domain drive its watch.
/// </summary>
/// <remarks>
/// The domain XML is generated from the parameters when the domain is created. Afterwards the resource keeps the
/// persistence, run state, vCPU count and memory right; the vCPU slots (<see cref="MaxCpus"/>) and a memory above
/// the domain's maximum can only change across a restart, which <see cref="RestartOnDiverge"/> governs. A transient
/// domain with state <c>shutoff</c> is one that must not exist. See docs/resources/virt.md.
/// </remarks>
[ResourceKind("virt")]
[Sends("state", "str")]
[Sends("cpus", "int")]
[Sends("memory", "int")]
public sealed partial class VirtResource : Resource, IRefreshable, ISendable, IEdgeable
{
    /// <summary>Where the reconciler reports what it changes (it runs on libvirt's thread, outside the resource).</summary>
    internal Mgmt.Engine.Changes.IChangeReport Changes => Context.Changes;

    /// <summary>The vCPU slots a domain gets when <see cref="MaxCpus"/> is not given.</summary>
    public const uint DefaultMaxCpus = 32;

    internal static readonly string[] States = ["running", "paused", "shutoff"];
    internal static readonly string[] DivergePolicies = ["ignore", "ifneeded", "error"];
    internal static readonly string[] BootDevices = ["fd", "hd", "cdrom", "network"];

    /// <summary>The libvirt connection URI, such as <c>qemu:///system</c>; empty means libvirt's default.</summary>
    [Param("uri")]
    public string Uri { get; set; } = "";

    /// <summary><c>running</c>, <c>paused</c> or <c>shutoff</c>; empty leaves the run state alone.</summary>
    [Param("state")]
    public string State { get; set; } = "";

    /// <summary>
    /// Whether the domain starts when the hypervisor starts: <c>enabled</c>, <c>disabled</c>, or empty to leave it
    /// alone. Only for a defined (not transient) domain.
    /// </summary>
    [Param("startup")]
    public string Startup { get; set; } = "";

    /// <summary>True: the domain has no stored definition and vanishes when it stops. False: it is defined.</summary>
    [Param("transient")]
    public bool Transient { get; set; }

    /// <summary>The number of vCPUs; changed live on a running domain.</summary>
    [Param("cpus")]
    public uint Cpus { get; set; }

    /// <summary>The vCPU slots of the machine (the most <see cref="Cpus"/> can grow to without a restart).</summary>
    [Param("maxcpus")]
    public uint MaxCpus { get; set; } = DefaultMaxCpus;

    /// <summary>True (default): vCPUs can be hot-plugged and unplugged; false: the machine has exactly <see cref="Cpus"/>.</summary>
    [Param("hotcpus")]
    public bool HotCpus { get; set; } = true;

    /// <summary>Memory in KiB.</summary>
    [Param("memory")]
    public ulong Memory { get; set; }

    /// <summary>The init program of a container (lxc:// URIs).</summary>
    [Param("osinit")]
    public string OsInit { get; set; } = "";

    /// <summary>Boot order: <c>fd</c>, <c>hd</c>, <c>cdrom</c>, <c>network</c>.</summary>
    [Param("boot")]
    public IReadOnlyList<string>? Boot { get; set; }

    /// <summary>Disk images: <c>[]struct{source str; type str}</c> (a file and its format, such as qcow2).</summary>
    [Param("disk", Type = "[]struct{source str; type str}")]
    public Value? Disk { get; set; }

    /// <summary>CD-ROM images: <c>[]struct{source str; type str}</c>.</summary>
    [Param("cdrom", Type = "[]struct{source str; type str}")]
    public Value? CdRom { get; set; }

    /// <summary>Network cards on libvirt networks: <c>[]struct{name str; mac str}</c> (an empty mac gets a stable one).</summary>
    [Param("network", Type = "[]struct{name str; mac str}")]
    public Value? Network { get; set; }

    /// <summary>Host directories shared with the guest: <c>[]struct{access str; source str; target str; read_only bool}</c>.</summary>
    [Param("filesystem", Type = "[]struct{access str; source str; target str; read_only bool}")]
    public Value? Filesystem { get; set; }

    /// <summary>Credentials for hypervisors that ask for them: <c>struct{username str; password str}</c>.</summary>
    [Param("auth", Type = "struct{username str; password str}")]
    public Value? Auth { get; set; }

    /// <summary>What to do when a change needs a restart: <c>ignore</c>, <c>ifneeded</c> (restart) or <c>error</c> (default).</summary>
    [Param("restartondiverge")]
    public string RestartOnDiverge { get; set; } = "error";

    /// <summary>True: a notification (refresh) from a parent restarts the running domain.</summary>
    [Param("restartonrefresh")]
    public bool RestartOnRefresh { get; set; }

    /// <summary>True when the domain must not exist at all (transient and shut off).</summary>
    internal bool Absent => Transient && State == "shutoff";

    /// <summary>The vCPU slots the generated definition has: without hot-plug, exactly the vCPUs.</summary>
    internal uint SlotCount => HotCpus ? MaxCpus : Cpus;

    public override void Validate()
    {
        if (Name.Length == 0) throw Invalid("the name is empty: it is the name of the domain");
        if (Array.IndexOf(States, State) < 0 && State.Length > 0)
        {
            throw Invalid($"state '{State}' is not one of running, paused, shutoff (or empty to leave the run state alone)");
        }
        if (Startup is not ("" or "enabled" or "disabled"))
        {
            throw Invalid($"startup '{Startup}' is not one of enabled, disabled (or empty to leave it alone)");
        }
        if (Transient && Startup.Length > 0) throw Invalid("startup needs a defined domain, but this one is transient: remove startup or transient");
        if (Array.IndexOf(DivergePolicies, RestartOnDiverge) < 0)
        {
            throw Invalid($"restartondiverge '{RestartOnDiverge}' is not one of ignore, ifneeded, error");
        }
        if (Cpus > MaxCpus) throw Invalid($"cpus ({Cpus}) must not be greater than maxcpus ({MaxCpus})");
        if (!Absent)
        {
            if (Cpus == 0) throw Invalid("cpus must be at least 1");
            if (Memory == 0) throw Invalid("memory must be given, in KiB (for example 524288 for 512 MiB)");
        }
        foreach (var boot in Boot ?? [])
        {
            if (Array.IndexOf(BootDevices, boot) < 0) throw Invalid($"boot device '{boot}' is not one of fd, hd, cdrom, network");
        }
        VirtDevices.Validate(this);
        if (Auth is StructValue auth && auth["username"].AsStr().Length == 0)
        {
            throw Invalid("auth needs a username (or leave auth out)");
        }
    }

    /// <summary>The credentials given in <see cref="Auth"/>, if any.</summary>
    internal LibvirtCredentials? Credentials =>
        Auth is StructValue auth ? new LibvirtCredentials(auth["username"].AsStr(), auth["password"].AsStr()) : null;

    public IEnumerable<ResourceUid> Uids() => [new ResourceUid(Kind, Name)];

    // Disk images and shared directories are files other resources may manage: a virt comes after them.
    public IEnumerable<AutoEdgeSeek> AutoEdges()
    {
        foreach (var path in VirtDevices.HostPaths(this))
        {
            yield return new AutoEdgeSeek([new ResourceUid("file", path)], StopWhenFound: false);
        }
    }

    internal static ResourceValidationException Invalid(string message) => new(message);
}
