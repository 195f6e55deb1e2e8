using Mgmt.Platform.Packages;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Pkg;

/// <summary>
/// The resource against the machine's real dpkg and apt, with packages built here and served from a private
/// local repository (no network). Every package is purged afterwards.
/// </summary>
[Collection("dpkg")]
public sealed class PkgTransactionTests : IAsyncLifetime
{
    private readonly LocalAptRepository _repo = new();

    public async ValueTask InitializeAsync()
    {
        if (LocalAptRepository.WhyNot() is { } why) return;
        await _repo.AddAsync("mgmt-test-alpha", "1.0");
        await _repo.AddAsync("mgmt-test-alpha", "1.1");
        await _repo.AddAsync("mgmt-test-beta", "2.0", depends: "mgmt-test-alpha");
        await _repo.AddAsync("mgmt-test-broken", "1.0", postinst: "echo 'the demo service cannot start' >&2; exit 3");
        await _repo.PublishAsync();
    }

    public ValueTask DisposeAsync()
    {
        _repo.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void RequireRoot()
    {
        if (LocalAptRepository.WhyNot() is { } why) Assert.Skip(why);
    }

    private async Task<ResourceHarness<PkgResource>> StartAsync(PkgResource pkg, params PkgResource[] members)
    {
        pkg.AllowUnsupported = true;
        foreach (var m in members)
        {
            m.AllowUnsupported = true;
            pkg.GroupedMembers.Add(m);
        }
        var context = new TestResourceContext();
        context.ServiceMap.Add(_repo.Client());
        return await ResourceHarness<PkgResource>.StartAsync(pkg, context, watch: false);
    }

    [Fact]
    public async Task Installs_a_group_in_one_transaction_then_reports_it_right()
    {
        RequireRoot();
        await using var h = await StartAsync(new PkgResource { Name = "mgmt-test-alpha" }, new PkgResource { Name = "mgmt-test-beta" });
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.Null(LocalAptRepository.InstalledVersion("mgmt-test-alpha"));

        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("1.1", LocalAptRepository.InstalledVersion("mgmt-test-alpha"));
        Assert.Equal("2.0", LocalAptRepository.InstalledVersion("mgmt-test-beta"));
        Assert.True(h.Context.Log.Contains("done: install mgmt-test-alpha, install mgmt-test-beta"));
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task Holds_an_exact_version_downgrading_only_when_allowed_then_follows_newest()
    {
        RequireRoot();
        await LocalAptRepository.RunAsync("dpkg", ["-i", Path.Combine(_repo.RepoDirectory, "mgmt-test-alpha_1.1_all.deb")]);
        var pinned = new PkgResource { Name = "mgmt-test-alpha", State = "1.0" };
        await using (var h = await StartAsync(pinned))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
            Assert.Contains("downgrade, which needs allowdowngrade => true", e.Message, StringComparison.Ordinal);
            pinned.AllowDowngrade = true;
            Assert.False(await h.CheckApplyAsync());
            Assert.Equal("1.0", LocalAptRepository.InstalledVersion("mgmt-test-alpha"));
            Assert.True(h.Context.Log.Contains("done: downgrade mgmt-test-alpha from 1.1 to 1.0"));
            Assert.True(await h.CheckApplyAsync());
        }

        await using (var h = await StartAsync(new PkgResource { Name = "mgmt-test-alpha", State = "newest" }))
        {
            Assert.False(await h.CheckApplyAsync());
            Assert.Equal("1.1", LocalAptRepository.InstalledVersion("mgmt-test-alpha"));
            Assert.True(h.Context.Log.Contains("done: upgrade mgmt-test-alpha from 1.0 to 1.1"));
            Assert.True(await h.CheckApplyAsync());
        }

        var missing = new PkgResource { Name = "mgmt-test-alpha", State = "9.9" };
        await using (var h = await StartAsync(missing))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
            Assert.Contains("version 9.9 of package 'mgmt-test-alpha' is not offered", e.Message, StringComparison.Ordinal);
            Assert.Contains("available: 1.1, 1.0", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_failing_transaction_names_the_package_and_why_and_leaves_dpkg_as_it_left_it()
    {
        RequireRoot();
        await using var h = await StartAsync(new PkgResource { Name = "mgmt-test-alpha" }, new PkgResource { Name = "mgmt-test-broken" });
        var e = await Assert.ThrowsAsync<AptTransactionException>(() => h.CheckApplyAsync());
        Assert.Contains("mgmt-test-broken: dpkg could not configure it", e.Message, StringComparison.Ordinal);
        Assert.Contains("exit status 3", e.Message, StringComparison.Ordinal);
        Assert.Contains(e.Problems, p => p.Package == "mgmt-test-broken");

        var dpkg = new DpkgDatabase().Snapshot();
        Assert.Equal("half-configured", dpkg.Find("mgmt-test-broken")!.State);
        Assert.True(dpkg.Find("mgmt-test-alpha")!.IsInstalled);
    }

    [Fact]
    public async Task Refuses_a_removal_that_would_take_other_packages_with_it()
    {
        RequireRoot();
        await LocalAptRepository.RunAsync("dpkg", ["-i", Path.Combine(_repo.RepoDirectory, "mgmt-test-alpha_1.1_all.deb"), Path.Combine(_repo.RepoDirectory, "mgmt-test-beta_2.0_all.deb")]);
        await using (var h = await StartAsync(new PkgResource { Name = "mgmt-test-alpha", State = "uninstalled" }))
        {
            var e = await Assert.ThrowsAsync<AptTransactionException>(() => h.CheckApplyAsync());
            Assert.Contains("apt would also remove mgmt-test-beta", e.Message, StringComparison.Ordinal);
            Assert.Equal("1.1", LocalAptRepository.InstalledVersion("mgmt-test-alpha"));
        }

        // Asked for together, both go.
        await using (var h = await StartAsync(new PkgResource { Name = "mgmt-test-alpha", State = "uninstalled" }, new PkgResource { Name = "mgmt-test-beta", State = "uninstalled" }))
        {
            Assert.False(await h.CheckApplyAsync());
            Assert.Null(LocalAptRepository.InstalledVersion("mgmt-test-alpha"));
            Assert.Null(LocalAptRepository.InstalledVersion("mgmt-test-beta"));
            Assert.True(await h.CheckApplyAsync());
        }
    }

    [Fact]
    public async Task Unknown_packages_and_repositories_the_resource_does_not_allow_are_clear_errors()
    {
        RequireRoot();
        await using (var h = await StartAsync(new PkgResource { Name = "mgmt-test-nosuch" }))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync(apply: false));
            Assert.Contains("there is no package named 'mgmt-test-nosuch'", e.Message, StringComparison.Ordinal);
        }

        // A package that is not there is already uninstalled.
        await using (var h = await StartAsync(new PkgResource { Name = "mgmt-test-nosuch", State = "uninstalled" }))
        {
            Assert.True(await h.CheckApplyAsync());
        }

        var strict = new PkgResource { Name = "mgmt-test-alpha" };
        var context = new TestResourceContext();
        context.ServiceMap.Add(_repo.Client());
        await using (var h = await ResourceHarness<PkgResource>.StartAsync(strict, context, watch: false))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
            Assert.Contains("set allowunsupported => true", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("allownonfree", e.Message, StringComparison.Ordinal);
            Assert.Null(LocalAptRepository.InstalledVersion("mgmt-test-alpha"));
        }

        // In a group, an unknown package does not hold back the others: they are installed, and the check fails
        // naming the unknown one.
        await using (var h = await StartAsync(new PkgResource { Name = "mgmt-test-alpha" }, new PkgResource { Name = "mgmt-test-nosuch" }))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
            Assert.Contains("there is no package named 'mgmt-test-nosuch'", e.Message, StringComparison.Ordinal);
            Assert.Contains("the other packages of its group were changed as asked", e.Message, StringComparison.Ordinal);
            Assert.Equal("1.1", LocalAptRepository.InstalledVersion("mgmt-test-alpha"));
            e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
            Assert.DoesNotContain("other packages", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_watch_reports_changes_to_the_package_database()
    {
        RequireRoot();
        var pkg = new PkgResource { Name = "mgmt-test-alpha", State = "newest", AllowUnsupported = true };
        var context = new TestResourceContext();
        context.ServiceMap.Add(_repo.Client());
        await using var h = await ResourceHarness<PkgResource>.StartAsync(pkg, context);
        await LocalAptRepository.RunAsync("dpkg", ["-i", Path.Combine(_repo.RepoDirectory, "mgmt-test-alpha_1.0_all.deb")]);
        Assert.True(await h.Context.WaitForEventAsync(), "no event after dpkg installed a package");

        // New package lists matter to newest.
        h.Context.DrainEvents();
        await _repo.PublishAsync();
        Assert.True(await h.Context.WaitForEventAsync(), "no event after the package lists changed");
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("1.1", LocalAptRepository.InstalledVersion("mgmt-test-alpha"));
    }
}
