using Mgmt.Platform.Packages;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Pkg;

/// <summary>
/// The pkg resource's PackageKit backend against a real packagekitd (see <see cref="PrivatePackageKit"/>), installing
/// and removing Debian's small <c>hello</c> package from the archive, and putting it back as it was.
/// </summary>
[Collection("dpkg")]
public sealed class PkgPackageKitTests : IAsyncLifetime
{
    private const string Package = "hello";
    private PrivatePackageKit? _pk;
    private bool _wasInstalled;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _pk = await PrivatePackageKit.StartAsync();
        _wasInstalled = Installed();
    }

    public async ValueTask DisposeAsync()
    {
        if (_pk is null) return;
        if (_pk.Unavailable is null && Installed() != _wasInstalled)
        {
            await Tool.RunAsync("apt-get", _wasInstalled ? ["install", "-y", "-qq", Package] : ["remove", "-y", "-qq", Package], seconds: 300);
        }
        await _pk.DisposeAsync();
    }

    private static bool Installed() => new DpkgDatabase().Snapshot().Find(Package) is { IsInstalled: true };

    private PkgResource Pkg(string state) => new() { Name = Package, State = state, Backend = "packagekit", PackageKitAddress = _pk!.Address };

    [Fact]
    public async Task Installs_and_removes_through_packagekit()
    {
        if (_pk!.Unavailable is { } why) Assert.Skip(why);
        if (_wasInstalled)
        {
            await using var r = await ResourceHarness<PkgResource>.StartAsync(Pkg(PkgResource.Uninstalled), watch: false);
            await r.CheckApplyAsync();
        }
        await using (var h = await ResourceHarness<PkgResource>.StartAsync(Pkg(PkgResource.Installed)))
        {
            Assert.False(await h.CheckApplyAsync(apply: false));
            Assert.False(Installed());
            Assert.False(await h.CheckApplyAsync());
            Assert.True(Installed());
            Assert.True(await h.CheckApplyAsync());
        }
        await using (var h = await ResourceHarness<PkgResource>.StartAsync(Pkg(PkgResource.Newest), watch: false))
        {
            Assert.True(await h.CheckApplyAsync());
        }
        await using (var h = await ResourceHarness<PkgResource>.StartAsync(Pkg(PkgResource.Uninstalled)))
        {
            h.Context.DrainEvents();
            Assert.False(await h.CheckApplyAsync());
            Assert.False(Installed());
            Assert.True(await h.Context.WaitForEventAsync(), "no event while PackageKit removed the package");
            Assert.True(await h.CheckApplyAsync());
        }
    }

    [Fact]
    public async Task Unknown_packages_and_versions_are_named()
    {
        if (_pk!.Unavailable is { } why) Assert.Skip(why);
        await using (var h = await ResourceHarness<PkgResource>.StartAsync(new PkgResource { Name = "mgmt-no-such-package", Backend = "packagekit", PackageKitAddress = _pk.Address }, watch: false))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
            Assert.Contains("PackageKit knows no package named mgmt-no-such-package", e.Message, StringComparison.Ordinal);
        }
        await using (var h = await ResourceHarness<PkgResource>.StartAsync(Pkg("0.0.1-1"), watch: false))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
            Assert.Contains("PackageKit offers no version 0.0.1-1 of hello", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_bus_without_packagekit_is_a_clear_error()
    {
        var pkg = new PkgResource { Name = Package, Backend = "packagekit", PackageKitAddress = "unix:path=/nonexistent/bus" };
        await using var h = await ResourceHarness<PkgResource>.StartAsync(pkg, watch: false);
        var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
        Assert.Contains("cannot reach the system bus at unix:path=/nonexistent/bus", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_backend_is_checked_and_groups_stay_within_one_backend()
    {
        Assert.Contains("backend 'yum'", Assert.Throws<Engine.Resources.ResourceValidationException>(new PkgResource { Name = "hello", Backend = "yum" }.Validate).Message, StringComparison.Ordinal);
        Assert.Equal("apt", new PkgResource { Name = "hello" }.EffectiveBackend);
        Assert.False(new PkgResource { Name = "a", Backend = "apt" }.CanGroupWith(new PkgResource { Name = "b", Backend = "packagekit" }));
    }
}
