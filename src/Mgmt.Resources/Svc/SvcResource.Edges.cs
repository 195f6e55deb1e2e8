using Mgmt.Engine.Resources;
using Mgmt.Platform.Systemd;

namespace Mgmt.Resources;

// Automatic edges: a unit comes after its unit file (managed by a file resource in the administrator's unit
// directory), after the package that ships it (a pkg resource offers its files as file identities, so the
// unit file in the package directories finds it), and after a cron timer that triggers it, as in the reference.
public sealed partial class SvcResource
{
    public IEnumerable<ResourceUid> Uids() => [new ResourceUid("svc", SystemdAccess.UnitKey(UnitName, Scope))];

    public IEnumerable<AutoEdgeSeek> AutoEdges()
    {
        var unit = UnitName;
        var seeks = new List<AutoEdgeSeek>();
        var host = _systemd?.Settings ?? SystemdSettings.FromEnvironment();
        if (SystemdSettings.TryAdminUnitDirectory(Scope) is { } admin)
        {
            seeks.Add(new AutoEdgeSeek([new ResourceUid("file", host.HostPath(admin + "/" + unit))], StopWhenFound: false));
        }
        seeks.Add(new AutoEdgeSeek(
            [.. SystemdSettings.PackageUnitDirectories(Scope).Select(d => new ResourceUid("file", host.HostPath(d + "/" + unit)))],
            StopWhenFound: false));
        seeks.Add(new AutoEdgeSeek([new ResourceUid("cron", SystemdAccess.UnitKey(unit, Scope))], StopWhenFound: false));
        return seeks;
    }
}
