using Mgmt.Platform.Firewall;
using Mgmt.Platform.Systemd;
using Mgmt.Resources.Tests.Svc;

namespace Mgmt.Resources.Tests.Firewalld;

/// <summary>
/// Shared plumbing of the tests that drive a real firewalld: the one installed in the systemd test container,
/// started there through its unit (it does not start at boot), on the container's system bus. Its rules live in
/// the container's private network namespace, so nothing reaches the host's firewall.
/// </summary>
public abstract class FirewalldTestBase(SystemdContainer container) : SystemdTestBase(container)
{
    protected const string Unit = "firewalld.service";

    private FirewalldClient? _client;

    /// <summary>The test's own connection to firewalld, to look and to act behind a resource's back.</summary>
    protected FirewalldClient Firewalld => _client ?? throw new InvalidOperationException("call StartFirewalldAsync first");

    /// <summary>Starts firewalld in the container (if it is not running) and connects to it.</summary>
    protected async Task StartFirewalldAsync()
    {
        Container.Require();
        // A start job of a D-Bus service ends when the service has taken its bus name: it answers from then on.
        await Container.Manager.StartUnitAsync(Unit, Cancel);
        _client ??= await FirewalldClient.ConnectAsync(Container.Settings.AddressOf(SystemdScope.System), Cancel);
    }

    /// <summary>A port no other test uses (tests share the running firewalld).</summary>
    protected static int UniquePort() => Random.Shared.Next(20000, 40000);

    protected Task<IReadOnlyList<string>> ServicesAsync(string zone, bool permanent = false) => Firewalld.GetServicesAsync(zone, permanent, Cancel);

    protected Task<IReadOnlyList<FirewallPort>> PortsAsync(string zone, bool permanent = false) => Firewalld.GetPortsAsync(zone, permanent, Cancel);

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _client?.Dispose();
        GC.SuppressFinalize(this);
    }
}
