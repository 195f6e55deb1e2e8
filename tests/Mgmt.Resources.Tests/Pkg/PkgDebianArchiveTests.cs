using Mgmt.Platform.Packages;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Pkg;

/// <summary>
/// Installs and removes two small real packages from Debian's archive with the machine's own apt configuration
/// (CI runs apt-get update first). Needs root and access to the archive.
/// </summary>
[Collection("dpkg")]
public sealed class PkgDebianArchiveTests
{
    private static readonly string[] Packages = ["hello", "sl"];

    [Fact]
    public async Task Installs_and_removes_hello_and_sl_in_one_transaction_each()
    {
        if (LocalAptRepository.WhyNot() is { } why) Assert.Skip(why);
        var policies = await new AptClient().PolicyAsync(Packages, TestContext.Current.CancellationToken);
        if (Packages.Any(p => policies.GetValueOrDefault(p)?.Candidate is null))
        {
            Assert.Skip("apt's package lists do not offer hello and sl: run apt-get update (CI does)");
        }
        if (Packages.Any(p => LocalAptRepository.InstalledVersion(p) is not null))
        {
            Assert.Skip("hello or sl is already installed here; this test installs and removes them and would change the machine");
        }

        try
        {
            await using (var h = await ResourceHarness<PkgResource>.StartAsync(Group("installed"), watch: false))
            {
                Assert.False(await h.CheckApplyAsync());
                Assert.True(File.Exists("/usr/bin/hello"));
                Assert.NotNull(LocalAptRepository.InstalledVersion("sl"));
                Assert.True(await h.CheckApplyAsync());
            }

            // Now installed, the package's files are known: it comes before a managed file it ships.
            Assert.Contains(new Engine.Resources.ResourceUid("pkg:file", "/usr/bin/hello"), new PkgResource { Name = "hello" }.Uids());

            await using (var h = await ResourceHarness<PkgResource>.StartAsync(Group("uninstalled"), watch: false))
            {
                Assert.False(await h.CheckApplyAsync());
                Assert.False(File.Exists("/usr/bin/hello"));
                Assert.True(await h.CheckApplyAsync());
            }
        }
        finally
        {
            await LocalAptRepository.RunAsync("apt-get", ["-y", "-q", "-o", "DPkg::Lock::Timeout=300", "remove", .. Packages], check: false);
        }
    }

    private static PkgResource Group(string state)
    {
        var leader = new PkgResource { Name = "hello", State = state };
        leader.GroupedMembers.Add(new PkgResource { Name = "sl", State = state });
        return leader;
    }
}
