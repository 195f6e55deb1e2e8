using Mgmt.Engine.Resources;
using Mgmt.Resources;

namespace Mgmt.Cli.FrontEnds.Puppet.Translation;

/// <summary>
/// Puppet's <c>package</c> (apt and dpkg providers) onto the native <c>pkg</c> kind, allowing every repository and
/// component apt offers, as Puppet does (the native kind's own default is more careful).
/// </summary>
internal sealed class PackageTranslator : ITypeTranslator
{
    public IReadOnlyList<string> Types { get; } = ["Package"];

    public Resource? Translate(PuppetAttributes a, TranslationContext context)
    {
        var provider = a.Text("provider");
        if (provider is not (null or "apt" or "aptitude" or "dpkg"))
        {
            a.NotNative("provider", $"provider {provider} is not native (the native kind uses apt and dpkg)");
            return null;
        }
        var ensure = a.Text("ensure") ?? "installed";
        var state = ensure switch
        {
            "present" or "installed" => PkgResource.Installed,
            "absent" => PkgResource.Uninstalled,
            "latest" => PkgResource.Newest,
            "purged" or "held" or "disabled" => null,
            _ => ensure,
        };
        if (state is null)
        {
            a.NotNative("ensure", $"ensure => {ensure} is not native");
            return null;
        }
        foreach (var name in new[] { "source", "install_options", "uninstall_options", "responsefile", "configfiles", "adminfile", "mark", "category", "install_only", "reinstall_on_refresh" })
        {
            if (a.Has(name)) a.NotNative(name, "no native equivalent");
        }
        a.Ignore("allow_virtual", "allowcdrom", "description", "platform", "status", "vendor", "root", "instance", "package_settings");
        // Puppet's apt provider installs whatever apt offers (any repository, any component), as long as apt trusts it.
        return new PkgResource { Name = a.Text("name") ?? a.Resource.Title, State = state, AllowUnsupported = true, AllowNonFree = true };
    }
}
