using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;

namespace Mgmt.Resources;

/// <summary>
/// <c>sysctl</c>: a kernel parameter, named in dotted form (<c>net.ipv4.ip_forward</c>): its running value (written
/// to <c>/proc/sys</c>) and its value after a reboot (a <c>sysctl.d</c> file, written atomically).
/// </summary>
/// <remarks>
/// procfs offers no change notification for most parameters, so the running value is read again every
/// <see cref="RuntimePollInterval"/> (5 seconds) and a change is an event; the persistence file is watched with
/// inotify. Values are compared with runs of white space made equal, as the kernel prints some with tabs
/// (<c>32768\t60999</c>). See docs/resources/sysctl.md.
/// </remarks>
[ResourceKind("sysctl")]
public sealed partial class SysctlResource : Resource
{
    /// <summary>Where persistence files go when <see cref="Path"/> is not set.</summary>
    public const string ConfigDirectory = "/etc/sysctl.d/";

    /// <summary>The value, as the kernel prints it back (write it with <c>echo</c> and read it to see).</summary>
    [Param("value")]
    public string Value { get; set; } = "";

    /// <summary>Set the running value now.</summary>
    [Param("runtime")]
    public bool Runtime { get; set; } = true;

    /// <summary>Keep the value across reboots in a sysctl.d file.</summary>
    [Param("persist")]
    public bool Persist { get; set; } = true;

    /// <summary>The persistence file; <c>/etc/sysctl.d/99-NAME.conf</c> when empty. Must end in <c>.conf</c>.</summary>
    [Param("path")]
    public string Path { get; set; } = "";

    /// <summary>How often the running value is read to notice changes made by others.</summary>
    internal TimeSpan RuntimePollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Where the kernel's parameters are; tests never change it.</summary>
    internal string ProcSysRoot { get; set; } = "/proc/sys/";

    /// <summary>The file under /proc/sys that holds the running value.</summary>
    public string KernelPath => ProcSysRoot + Name.Replace('.', '/');

    /// <summary>The persistence file.</summary>
    public string ConfigPath => Path.Length > 0 ? Path : $"{ConfigDirectory}99-{Name}.conf";

    public override void Validate()
    {
        if (Name.Contains('/', StringComparison.Ordinal))
        {
            throw new ResourceValidationException($"'{Name}' contains slashes: name the parameter in its dotted form (such as net.ipv4.ip_forward)");
        }
        if (Name.Contains('=', StringComparison.Ordinal) || Name.Trim() != Name || Name.StartsWith('.') || Name.EndsWith('.') || Name.Contains("..", StringComparison.Ordinal))
        {
            throw new ResourceValidationException($"'{Name}' is not a kernel parameter name: dotted words, without '=', spaces or empty parts");
        }
        if (Value.Length == 0) throw new ResourceValidationException("value is empty: give the value the parameter should have");
        if (Value.Trim() != Value || Value.Contains('\n', StringComparison.Ordinal))
        {
            throw new ResourceValidationException("value has white space around it or spans lines; give it as the kernel prints it, on one line");
        }
        if (!Runtime && !Persist) throw new ResourceValidationException("runtime and persist are both false, which leaves nothing to manage");
        if (Persist && !ConfigPath.StartsWith('/')) throw new ResourceValidationException($"path '{Path}' must be absolute");
        if (Persist && !ConfigPath.EndsWith(".conf", StringComparison.Ordinal))
        {
            throw new ResourceValidationException($"path '{ConfigPath}' must end with .conf, or systemd-sysctl and procps ignore it");
        }
    }

    /// <summary>The value with every run of white space made one space, for comparison.</summary>
    internal static string Normalize(string value) => string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
