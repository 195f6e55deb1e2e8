using Mgmt.Engine.Resources;
using Mgmt.Resources;

namespace Mgmt.Cli.FrontEnds.Puppet.Translation;

/// <summary>Puppet's <c>notify</c> onto the native <c>print</c> kind: the message is logged once, and counts as a change.</summary>
internal sealed class NotifyTranslator : ITypeTranslator
{
    public IReadOnlyList<string> Types { get; } = ["Notify"];

    public Resource? Translate(PuppetAttributes a, TranslationContext context)
    {
        a.Ignore("withpath", "name");
        return new PrintResource { Name = a.Resource.Title, Msg = a.Text("message") ?? a.Resource.Title };
    }
}

/// <summary>The <c>host</c> type (module puppetlabs-host_core) onto the native <c>host</c> kind.</summary>
internal sealed class HostTranslator : ITypeTranslator
{
    public IReadOnlyList<string> Types { get; } = ["Host"];

    public Resource? Translate(PuppetAttributes a, TranslationContext context)
    {
        var ensure = a.Text("ensure") ?? "present";
        if (ensure is not ("present" or "absent"))
        {
            a.NotNative("ensure", $"ensure => {ensure} is not native");
            return null;
        }
        var aliases = a.List("host_aliases")?.SelectMany(x => x.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToList();
        a.Ignore("provider");
        return new HostResource
        {
            Name = a.Text("name") ?? a.Resource.Title,
            State = ensure == "present" ? "exists" : "absent",
            Ip = a.Text("ip") ?? "",
            Aliases = aliases is { Count: > 0 } ? aliases : null,
            Comment = a.Text("comment") ?? "",
            File = a.Text("target") ?? "",
        };
    }
}

/// <summary>
/// The <c>mount</c> type (module puppetlabs-mount_core) onto the native <c>mount</c> kind, for mounted or absent
/// file systems in <c>/etc/fstab</c>.
/// </summary>
internal sealed class MountTranslator : ITypeTranslator
{
    public IReadOnlyList<string> Types { get; } = ["Mount"];

    public Resource? Translate(PuppetAttributes a, TranslationContext context)
    {
        var ensure = a.Text("ensure") ?? "present";
        if (ensure is not ("mounted" or "absent"))
        {
            a.NotNative("ensure", $"ensure => {ensure} is not native (mounted and absent are)");
            return null;
        }
        if ((a.Text("target") ?? "/etc/fstab") != "/etc/fstab") a.NotNative("target", "only /etc/fstab is native");
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in (a.Text("options") ?? "defaults").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = option.IndexOf('=', StringComparison.Ordinal);
            options[eq < 0 ? option : option[..eq]] = eq < 0 ? "" : option[(eq + 1)..];
        }
        a.Ignore("remounts", "atboot", "blockdevice", "provider", "name");
        var mount = new MountResource
        {
            Name = a.Text("name") ?? a.Resource.Title,
            State = ensure == "mounted" ? "exists" : "absent",
            Device = a.Text("device") ?? "",
            Type = a.Text("fstype") ?? "",
            Options = options,
            Freq = a.Number("dump") ?? 0,
            PassNo = a.Number("pass") ?? 0,
        };
        return a.Unsupported.Count > 0 ? null : mount;
    }
}

/// <summary>
/// Kernel parameters from a sysctl module onto the native <c>sysctl</c> kind, for the forms that set the running value
/// only (<c>sysctl_runtime</c> of duritong-sysctl; <c>sysctl</c> with <c>value</c> and <c>persist => false</c> of
/// augeasproviders). Forms that edit <c>/etc/sysctl.conf</c> line by line go through Puppet, since the native kind
/// keeps its own sysctl.d file instead.
/// </summary>
internal sealed class SysctlTranslator : ITypeTranslator
{
    public IReadOnlyList<string> Types { get; } = ["Sysctl", "Sysctl_runtime"];

    public Resource? Translate(PuppetAttributes a, TranslationContext context)
    {
        var name = a.Text("name") ?? a.Resource.Title;
        if (a.Resource.Type == "Sysctl_runtime")
        {
            return new SysctlResource { Name = name, Value = a.Text("val") ?? "", Runtime = true, Persist = false };
        }
        var value = a.Text("value");
        if (value is null || a.Bool("persist") != false || a.Bool("apply") == false || (a.Text("ensure") ?? "present") != "present")
        {
            a.NotNative("persist", "a sysctl that edits /etc/sysctl.conf is applied by the module's own provider");
            return null;
        }
        a.Ignore("target", "provider", "comment", "silent");
        return new SysctlResource { Name = name, Value = value, Runtime = true, Persist = false };
    }
}
