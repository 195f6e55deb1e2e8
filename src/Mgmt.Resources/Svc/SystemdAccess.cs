using Mgmt.Engine.Resources;
using Mgmt.Platform.Systemd;

namespace Mgmt.Resources;

/// <summary>
/// How a resource of the systemd family (svc, cron) reaches systemd: the host's shared
/// <see cref="SystemdConnections"/> when it offers one, otherwise a private set configured from the
/// environment (<see cref="SystemdSettings.FromEnvironment"/>) that the resource closes in its cleanup.
/// </summary>
internal sealed class SystemdAccess : IDisposable
{
    private readonly SystemdConnections? _own;

    private SystemdAccess(SystemdConnections connections, bool owned)
    {
        Connections = connections;
        _own = owned ? connections : null;
    }

    public SystemdConnections Connections { get; }

    public SystemdSettings Settings => Connections.Settings;

    public static SystemdAccess For(IResourceContext context) =>
        context.Services.GetService(typeof(SystemdConnections)) is SystemdConnections shared
            ? new SystemdAccess(shared, owned: false)
            : new SystemdAccess(new SystemdConnections(SystemdSettings.FromEnvironment()), owned: true);

    /// <summary>The identity key of a unit for automatic edges; user units are told apart from system ones.</summary>
    public static string UnitKey(string unit, SystemdScope scope) => scope == SystemdScope.User ? "user:" + unit : unit;

    public void Dispose() => _own?.Dispose();
}
