using Mgmt.Platform.Packages;

namespace Mgmt.Resources;

// The PackageKit backend: the same states through PackageKit's transactions on the system bus (the reference's way,
// and the only one on distributions without apt). One resolve for the whole group, then at most one install, one
// update and one remove transaction.
public sealed partial class PkgResource
{
    private PackageKitClient? _packageKit;

    private async Task<PackageKitClient> PackageKitAsync(CancellationToken cancel) =>
        _packageKit ??= await PackageKitClient.ConnectAsync(PackageKitAddress ?? PackageKitClient.SystemBusAddress(), cancel).ConfigureAwait(false);

    private async Task<bool> PackageKitCheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var client = await PackageKitAsync(cancel).ConfigureAwait(false);
        var members = Members.ToList();
        var names = members.Select(m => m.BareName).Distinct().ToList();
        var known = await client.ResolveAsync(names, PackageKitClient.FilterNone, cancel).ConfigureAwait(false);
        var newestNames = members.Where(m => m.State == Newest).Select(m => m.BareName).ToList();
        var newest = newestNames.Count > 0 ? await client.ResolveAsync(newestNames, PackageKitClient.FilterNewest, cancel).ConfigureAwait(false) : [];
        List<string> install = [], update = [], remove = [], unreachable = [];
        foreach (var m in members)
        {
            var mine = known.Where(m.IsMine).ToList();
            var installed = mine.FirstOrDefault(p => p.IsInstalled);
            var available = mine.Where(p => !p.IsInstalled).ToList();
            switch (m.State)
            {
                case Installed when installed is null:
                    if (available.Count == 0) unreachable.Add($"PackageKit knows no package named {m.Name}");
                    else install.Add(available[0].Id);
                    break;
                case Uninstalled when installed is not null:
                    remove.Add(installed.Id);
                    break;
                case Newest:
                    var best = newest.Where(m.IsMine).FirstOrDefault(p => !p.IsInstalled);
                    if (best is null && installed is null) unreachable.Add($"PackageKit knows no package named {m.Name}");
                    else if (best is not null && installed is null) install.Add(best.Id);
                    else if (best is not null && best.Version != installed!.Version) update.Add(best.Id);
                    break;
                case var version when m.IsVersionState && installed?.Version != version:
                    var exact = available.FirstOrDefault(p => p.Version == version);
                    if (exact is null) unreachable.Add($"PackageKit offers no version {version} of {m.Name} (it has {string.Join(", ", available.Select(p => p.Version).DefaultIfEmpty("none"))})");
                    else install.Add(exact.Id);
                    break;
            }
        }
        var changes = install.Count + update.Count + remove.Count;
        foreach (var id in install) Context.Changes.Action("install " + id);
        foreach (var id in update) Context.Changes.Action("update to " + id);
        foreach (var id in remove) Context.Changes.Action("remove " + id);
        if (changes > 0) PkgLog.Needed(Context.Logger, string.Join(", ", install.Select(i => "install " + i).Concat(update.Select(u => "update " + u)).Concat(remove.Select(r => "remove " + r))));
        if (changes > 0 && apply)
        {
            if (remove.Count > 0) await client.RemoveAsync(remove, cancel).ConfigureAwait(false);
            if (install.Count > 0) await client.InstallAsync(install, cancel).ConfigureAwait(false);
            if (update.Count > 0) await client.UpdateAsync(update, cancel).ConfigureAwait(false);
        }
        ThrowIfUnreachable(unreachable, changed: changes > 0 && apply);
        return changes == 0;
    }

    private async Task PackageKitWatchAsync(CancellationToken cancel)
    {
        var client = await PackageKitAsync(cancel).ConfigureAwait(false);
        using var signals = await client.WatchAsync(Context.Event).ConfigureAwait(false);
        // Someone may also use dpkg or rpm directly, which PackageKit does not announce: on Debian, follow dpkg too.
        var watch = new SystemWatch();
        if (File.Exists(_dpkg!.StatusPath)) watch.File(_dpkg.StatusPath);
        await watch.RunAsync(Context, "the package database", cancel).ConfigureAwait(false);
    }

    /// <summary>The package name without its <c>:arch</c>.</summary>
    private string BareName => Name.Split(':')[0];

    private bool IsMine(PackageKitPackage p)
    {
        if (p.Name != BareName) return false;
        var arch = Name.Contains(':', StringComparison.Ordinal) ? Name.Split(':')[1] : null;
        return arch is null || p.Id.Split(';') is [_, _, var a, ..] && a == arch;
    }

    public override Task CleanupAsync()
    {
        _packageKit?.Dispose();
        _packageKit = null;
        return Task.CompletedTask;
    }
}
