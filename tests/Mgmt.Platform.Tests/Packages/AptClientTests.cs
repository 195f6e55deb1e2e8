using Mgmt.Platform.Packages;

namespace Mgmt.Platform.Tests.Packages;

/// <summary>Against this machine's real apt (read-only: queries and simulations change nothing).</summary>
public sealed class AptClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void RequireApt()
    {
        if (!File.Exists("/usr/bin/apt-get") || !File.Exists("/var/lib/dpkg/status")) Assert.Skip("apt is not installed here (not a Debian system)");
        if (!Directory.EnumerateFiles("/var/lib/apt/lists", "*Packages*").Any()) Assert.Skip("apt has no package lists; run apt-get update once");
    }

    [Fact]
    public async Task Asks_apt_once_for_several_packages_and_caches_the_answer()
    {
        RequireApt();
        var apt = new AptClient();
        var policies = await apt.PolicyAsync(["dpkg", "no-such-package-mgmt-test"], Ct);
        Assert.NotNull(policies["dpkg"].Installed);
        Assert.NotNull(policies["dpkg"].Candidate);
        Assert.False(policies.ContainsKey("no-such-package-mgmt-test"));
        Assert.Equal(1, apt.PolicyQueryCount);

        var again = await apt.PolicyAsync(["no-such-package-mgmt-test", "dpkg"], Ct);
        Assert.Equal(policies["dpkg"], again["dpkg"]);
        Assert.Equal(1, apt.PolicyQueryCount);
    }

    [Fact]
    public async Task Simulation_plans_without_changing_anything_and_refusals_name_the_package()
    {
        RequireApt();
        var apt = new AptClient();
        var plan = await apt.SimulateAsync(new AptRequest { Changes = [new AptChange("dpkg", AptChangeKind.Install)] }, Ct);
        Assert.DoesNotContain(plan, a => a.Kind != AptActionKind.Install);

        var e = await Assert.ThrowsAsync<AptTransactionException>(() =>
            apt.SimulateAsync(new AptRequest { Changes = [new AptChange("no-such-package-mgmt-test", AptChangeKind.Install)] }, Ct));
        Assert.Equal("no-such-package-mgmt-test", Assert.Single(e.Problems).Package);
        Assert.Contains("no-such-package-mgmt-test: no configured repository", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Knows_which_release_each_package_list_belongs_to()
    {
        RequireApt();
        var releases = await new AptClient().ReleasesAsync(Ct);
        Assert.Contains(releases, r => r.Key.EndsWith("/dpkg/status", StringComparison.Ordinal));
    }
}
