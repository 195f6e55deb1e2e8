using Mgmt.Cli.Tests.Lang;
using Mgmt.Resources.Tests.Svc;

namespace Mgmt.Cli.Tests.PkgDemo;

/// <summary>The tests that boot the systemd container for the package demo (its own copy, for this project).</summary>
[CollectionDefinition(Name)]
public sealed class PkgDemoContainerCollection : ICollectionFixture<SystemdContainer>
{
    public const string Name = "pkg demo container";
}

/// <summary>
/// examples/mcl/pkg-file-svc.mcl run for real: the mgmt binary runs inside the systemd-nspawn container (a booted
/// Debian with systemd, see tests/support/systemd-container.sh), where it installs a package with the container's
/// apt and dpkg, writes the package's configuration file and runs the package's service through the container's
/// systemd. The package is a tiny .deb built here and offered by a local repository (the container has no
/// network; see <see cref="DemoPackage"/>). Skipped, with the reason, without root or without the container
/// (CI builds it).
/// </summary>
[Collection(PkgDemoContainerCollection.Name)]
public sealed class PkgFileSvcDemoTests(SystemdContainer container) : IDisposable
{
    private const string Unit = DemoPackage.Name + ".service";

    private readonly string _work = Directory.CreateTempSubdirectory("mgmt-pkg-demo-").FullName;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_package_its_file_and_its_service_come_in_order_and_a_changed_file_restarts_the_service()
    {
        container.Require();
        var shell = new ContainerShell(container.Root);
        Assert.Null(DemoPackage.InstalledVersion(shell.Root));

        // The container's apt sees only the local repository (its own sources point at Debian's archive, which it
        // cannot reach). The root is a volatile overlay: all of this is gone with the container.
        await DemoPackage.BuildRepositoryAsync(shell.HostPath(ContainerShell.Home + "/repo"), _work, Cancel);
        await File.WriteAllTextAsync(shell.HostPath("/etc/apt/sources.list"), $"deb [trusted=yes] file:{ContainerShell.Home}/repo ./\n", Cancel);
        await shell.RunAsync(["apt-get", "-q", "update"], Cancel);
        await shell.InstallAgentAsync(Cancel);
        File.Copy(LangExamples.Input("pkg-file-svc"), shell.HostPath(ContainerShell.Home + "/pkg-file-svc.mcl"));

        await using var agent = shell.StartAgent(["run", "--tmp-prefix", "lang", ContainerShell.Home + "/pkg-file-svc.mcl"]);

        // In order: the package (which makes the configuration's directory), then the file, then the service,
        // whose very first start already read the managed configuration.
        var starts = shell.HostPath(DemoPackage.StartsLog);
        await Eventually(agent, async () => Lines(starts).Count >= 1 && (await container.Manager.GetUnitAsync(Unit, Cancel)).IsActive,
            "the package installed, its file written and its service running");
        Assert.Equal(DemoPackage.Version, DemoPackage.InstalledVersion(shell.Root));
        Assert.Equal("greeting = hello from mgmt\nport = 8080\n", await File.ReadAllTextAsync(shell.HostPath(DemoPackage.ConfigPath), Cancel));
        Assert.Equal([DemoPackage.ManagedStart], Lines(starts));
        Assert.True((await container.Manager.GetUnitAsync(Unit, Cancel)).IsEnabled, "the service should be enabled");
        var firstPid = await container.Manager.GetMainPidAsync(Unit, Cancel);

        // Someone edits the configuration by hand: mgmt puts it back, and the notify edge restarts the service,
        // which starts again with the managed configuration.
        // (Saved the way sed -i and most editors save: a new file renamed over the old one.)
        var config = shell.HostPath(DemoPackage.ConfigPath);
        await File.WriteAllTextAsync(config + ".edit", "greeting = edited by hand\n", Cancel);
        File.Move(config + ".edit", config, overwrite: true);
        await Eventually(agent, () => Task.FromResult(Lines(starts).Count >= 2), "a restart of the service after its file changed");
        Assert.Equal([DemoPackage.ManagedStart, DemoPackage.ManagedStart], Lines(starts));
        Assert.Equal("greeting = hello from mgmt\nport = 8080\n", await File.ReadAllTextAsync(shell.HostPath(DemoPackage.ConfigPath), Cancel));
        await Eventually(agent, async () => (await container.Manager.GetUnitAsync(Unit, Cancel)).IsActive
            && await container.Manager.GetMainPidAsync(Unit, Cancel) is var pid && pid != 0 && pid != firstPid, "the restarted service running");

        Assert.Equal(0, await agent.InterruptAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain("error", agent.Log, StringComparison.OrdinalIgnoreCase);
    }

    private static List<string> Lines(string path) => File.Exists(path) ? [.. File.ReadAllLines(path)] : [];

    private static async Task Eventually(ContainerAgent agent, Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            if (agent.HasExited) Assert.Fail($"mgmt ended before {what}. Its log:\n{agent.Log}");
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what}. mgmt's log:\n{agent.Log}");
            await Task.Delay(100, Cancel);
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
