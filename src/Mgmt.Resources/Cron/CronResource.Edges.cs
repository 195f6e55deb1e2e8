using Mgmt.Engine.Resources;
using Mgmt.Platform.Systemd;

namespace Mgmt.Resources;

// Automatic edges: a timer is identified by the unit it starts (an svc of that unit comes after it, as in the
// reference) and by its file. It comes after the unit file of the unit it starts, so that the timer never fires
// into a unit systemd does not know yet.
public sealed partial class CronResource
{
    public IEnumerable<ResourceUid> Uids()
    {
        var uids = new List<ResourceUid> { new("cron", SystemdAccess.UnitKey(TargetUnit, Scope)) };
        if (SystemdSettings.TryAdminUnitDirectory(Scope) is { } admin)
        {
            uids.Add(new ResourceUid("file", Host.HostPath(admin + "/" + TimerUnit)));
        }
        return uids;
    }

    public IEnumerable<AutoEdgeSeek> AutoEdges()
    {
        var seeks = new List<AutoEdgeSeek>();
        if (SystemdSettings.TryAdminUnitDirectory(Scope) is { } admin)
        {
            seeks.Add(new AutoEdgeSeek([new ResourceUid("file", Host.HostPath(admin + "/" + TargetUnit))], StopWhenFound: false));
        }
        seeks.Add(new AutoEdgeSeek(
            [.. SystemdSettings.PackageUnitDirectories(Scope).Select(d => new ResourceUid("file", Host.HostPath(d + "/" + TargetUnit)))],
            StopWhenFound: false));
        return seeks;
    }

    private SystemdSettings Host => _systemd?.Settings ?? SystemdSettings.FromEnvironment();
}
