using Mgmt.Resources;

namespace Mgmt.Cli.Tests.Puppet;

/// <summary>The tests that run the real Puppet skip, with the reason, where it is not installed (CI installs it).</summary>
internal static class PuppetInstalled
{
    public static PuppetInstallation Require()
    {
        try
        {
            return PuppetInstallation.Find();
        }
        catch (PuppetMissingException)
        {
            Assert.Skip("Puppet is not installed (apt-get install puppet-agent); CI installs it");
            throw;
        }
    }

    /// <summary>The module path with the machine's modules (host_core...) after <paramref name="own"/>.</summary>
    public static string ModulePath(string own) => $"{own}:/usr/share/puppet/modules";
}
