using Mgmt.Platform.Libvirt;

namespace Mgmt.Platform.Tests.Virt;

/// <summary>
/// Helpers for tests against libvirt's <c>test:///default</c> driver: a mock hypervisor in this process (no daemon),
/// shared by every connection to it while one is open. Tests use unique domain names, since they run in parallel.
/// </summary>
internal static class TestDriver
{
    public const string Uri = "test:///default";

    /// <summary>Skips the test, saying what to install, when libvirt is missing (CI installs it).</summary>
    public static void RequireLibvirt()
    {
        if (!LibvirtRuntime.IsInstalled) Assert.Skip("libvirt is not installed (apt-get install libvirt0); CI installs it");
    }

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>A minimal persistent-ready domain: 128 MiB, <paramref name="cpus"/> of 4 vCPU slots.</summary>
    public static string DomainXml(string name, int cpus = 1) =>
        $"<domain type='test'><name>{name}</name><memory unit='KiB'>131072</memory>" +
        $"<vcpu current='{cpus}'>4</vcpu><os><type>hvm</type></os></domain>";
}
