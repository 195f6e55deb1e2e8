using Mgmt.Platform.Watching;

namespace Mgmt.Resources;

// Watch: dpkg rewrites its status file on every package change; apt's package lists change when new versions
// become available, which matters to newest and exact versions.
public sealed partial class PkgResource
{
    public override Task WatchAsync(CancellationToken cancel)
    {
        if (EffectiveBackend == "packagekit") return PackageKitWatchAsync(cancel);
        var watch = new SystemWatch().File(_dpkg!.StatusPath);
        if (Members.Any(m => m.State == Newest || m.IsVersionState)) watch.File(_apt!.ListsDirectory, WatchDepth.Children);
        return watch.RunAsync(Context, "the package database", cancel);
    }
}
