using System.Text;
using System.Text.RegularExpressions;
using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Mgmt.Platform.Host;

namespace Mgmt.Resources;

/// <summary>
/// <c>hostname</c>: the machine's three host names, as systemd names them: the static one (<c>/etc/hostname</c>,
/// used at boot), the transient one (the kernel's, <c>uname -n</c>) and the pretty one (free text,
/// <c>PRETTY_HOSTNAME</c> in <c>/etc/machine-info</c>). Each falls back to <see cref="Hostname"/>, which falls
/// back to the resource's name.
/// </summary>
/// <remarks>
/// The files are written directly and atomically, and the kernel name set with <c>sethostname(2)</c>, which
/// works with or without systemd (a running systemd-hostnamed reads the same files). The watch follows both
/// files with inotify and the kernel name through the kernel's change notification on
/// <c>/proc/sys/kernel/hostname</c>, so nothing is polled. See docs/resources/hostname.md.
/// </remarks>
[ResourceKind("hostname")]
public sealed partial class HostnameResource : Resource
{
    /// <summary>The default for the three names below; the resource's name when empty.</summary>
    [Param("hostname")]
    public string Hostname { get; set; } = "";

    /// <summary>Free-form text for people (any characters).</summary>
    [Param("pretty_hostname")]
    public string PrettyHostname { get; set; } = "";

    /// <summary>The name in /etc/hostname, used from the next boot on.</summary>
    [Param("static_hostname")]
    public string StaticHostname { get; set; } = "";

    /// <summary>The kernel's name, in effect now.</summary>
    [Param("transient_hostname")]
    public string TransientHostname { get; set; } = "";

    internal string HostnameFile { get; set; } = "/etc/hostname";

    internal string MachineInfoFile { get; set; } = "/etc/machine-info";

    internal string Default => Hostname.Length > 0 ? Hostname : Name;

    internal string Pretty => PrettyHostname.Length > 0 ? PrettyHostname : Default;

    internal string Static => StaticHostname.Length > 0 ? StaticHostname : Default;

    internal string Transient => TransientHostname.Length > 0 ? TransientHostname : Default;

    public override void Validate()
    {
        CheckName("static_hostname", Static);
        CheckName("transient_hostname", Transient);
        if (Pretty.Contains('\n', StringComparison.Ordinal)) throw new ResourceValidationException("pretty_hostname must be one line");
    }

    private static void CheckName(string param, string name)
    {
        if (Encoding.UTF8.GetByteCount(name) > KernelHostname.MaxLength || !Label().IsMatch(name))
        {
            throw new ResourceValidationException(
                $"{param} '{name}' is not a valid host name: dot-separated labels of letters, digits and '-' (not at a label's ends), " +
                $"at most {KernelHostname.MaxLength} characters; put free text in pretty_hostname");
        }
    }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        // Synchronous on purpose: everything here is one short file or system call.
        var ok = CheckTransient(apply);
        ok &= CheckStatic(apply);
        ok &= CheckPretty(apply);
        return Task.FromResult(ok);
    }

    private bool CheckTransient(bool apply)
    {
        var current = KernelHostname.Get();
        if (current == Transient) return true;
        Context.Changes.Set("transient_hostname", current, Transient);
        if (!apply) return false;
        KernelHostname.Set(Transient);
        HostnameLog.Changed(Context.Logger, "transient", current, Transient);
        return false;
    }

    private bool CheckStatic(bool apply)
    {
        var current = File.Exists(HostnameFile)
            ? File.ReadAllLines(HostnameFile).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#')) ?? ""
            : "";
        if (current == Static && File.ReadAllText(HostnameFile) == Static + "\n") return true;
        Context.Changes.Set("static_hostname", current, Static);
        if (!apply) return false;
        AtomicFile.Write(HostnameFile, Encoding.UTF8.GetBytes(Static + "\n"), new AtomicWriteOptions { Mode = File.Exists(HostnameFile) ? null : 0x1A4 });
        HostnameLog.Changed(Context.Logger, "static", current, Static);
        return false;
    }

    private bool CheckPretty(bool apply)
    {
        var text = File.Exists(MachineInfoFile) ? File.ReadAllText(MachineInfoFile) : "";
        var current = MachineInfo.Get(text, "PRETTY_HOSTNAME");
        if (current == Pretty) return true;
        Context.Changes.Set("pretty_hostname", current, Pretty);
        if (!apply) return false;
        AtomicFile.Write(MachineInfoFile, Encoding.UTF8.GetBytes(MachineInfo.Set(text, "PRETTY_HOSTNAME", Pretty)),
            new AtomicWriteOptions { Mode = File.Exists(MachineInfoFile) ? null : 0x1A4 });
        HostnameLog.Changed(Context.Logger, "pretty", current ?? "", Pretty);
        return false;
    }

    public override Task WatchAsync(CancellationToken cancel) =>
        new SystemWatch().File(HostnameFile).File(MachineInfoFile).KernelFile("/proc/sys/kernel/hostname").RunAsync(Context, "the host name", cancel);

    [GeneratedRegex(@"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*$")]
    private static partial Regex Label();
}
