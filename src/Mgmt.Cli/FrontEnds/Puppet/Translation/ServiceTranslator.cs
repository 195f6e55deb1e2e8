using Mgmt.Engine.Resources;
using Mgmt.Resources;

namespace Mgmt.Cli.FrontEnds.Puppet.Translation;

/// <summary>
/// Puppet's <c>service</c> (systemd provider) onto the native <c>svc</c> kind: ensure and enable; a refresh restarts
/// a running service, as Puppet does.
/// </summary>
internal sealed class ServiceTranslator : ITypeTranslator
{
    public IReadOnlyList<string> Types { get; } = ["Service"];

    public Resource? Translate(PuppetAttributes a, TranslationContext context)
    {
        var provider = a.Text("provider");
        if (provider is not (null or "systemd"))
        {
            a.NotNative("provider", $"provider {provider} is not native (the native kind talks to systemd)");
            return null;
        }
        var ensure = a.Text("ensure");
        var state = ensure switch
        {
            null => "",
            "running" or "true" => SvcResource.StateRunning,
            "stopped" or "false" => SvcResource.StateStopped,
            _ => null,
        };
        var enable = a.Text("enable");
        var startup = enable switch
        {
            null => "",
            "true" => SvcResource.StartupEnabled,
            "false" => SvcResource.StartupDisabled,
            _ => null,
        };
        if (state is null) a.NotNative("ensure", $"ensure => {ensure} is not native");
        if (startup is null) a.NotNative("enable", $"enable => {enable} is not native");
        foreach (var name in new[] { "start", "stop", "restart", "status", "binary", "pattern", "path", "flags", "control", "manifest", "timeout", "logonaccount", "logonpassword" })
        {
            if (a.Has(name)) a.NotNative(name, "no native equivalent");
        }
        // systemd knows how to restart and query every unit: Puppet's systemd provider ignores these too.
        a.Ignore("hasrestart", "hasstatus");
        if (state is null || startup is null) return null;
        return new SvcResource { Name = a.Text("name") ?? a.Resource.Title, State = state, Startup = startup, RestartOnRefresh = true };
    }
}
