using Mgmt.Cli.Tests.PkgDemo;
using Mgmt.Platform.Processes;
using Mgmt.Resources.Tests.Svc;

namespace Mgmt.Cli.Tests.Packaging;

/// <summary>The tests that install the Debian package into the systemd container (its own copy, for this project).</summary>
[CollectionDefinition(Name)]
public sealed class DebPackageContainerCollection : ICollectionFixture<SystemdContainer>
{
    public const string Name = "deb package container";
}

/// <summary>
/// packaging/deb/build.sh makes the package from the build these tests already have (so it takes seconds), dpkg
/// installs it in the systemd container (a booted Debian, tests/support/systemd-container.sh), and its service
/// starts the agent: first with the default input (<c>empty</c>), then with the input set in /etc/default/mgmt.
/// Skipped, with the reason, without root or without the container (CI builds it).
/// </summary>
[Collection(DebPackageContainerCollection.Name)]
public sealed class DebPackageTests(SystemdContainer container) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("mgmt-deb-").FullName;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_package_installs_and_its_service_runs_the_agent_on_the_configured_input()
    {
        container.Require();
        var deb = await BuildPackageAsync();
        var shell = new ContainerShell(container.Root);
        File.Copy(deb, shell.HostPath("/root/mgmt.deb"));

        // dpkg's postinst enables and starts the service, which runs 'mgmt run empty' until told otherwise.
        await shell.RunAsync(["dpkg", "-i", "/root/mgmt.deb"], Cancel);
        Assert.StartsWith("mgmt ", await shell.RunAsync(["mgmt", "--version"], Cancel), StringComparison.Ordinal);
        foreach (var file in new[] { "/usr/share/man/man1/mgmt.1.gz", "/usr/share/bash-completion/completions/mgmt", "/etc/default/mgmt" })
        {
            Assert.True(File.Exists(shell.HostPath(file)), $"the package should install {file}");
        }
        await EventuallyAsync(shell, async () => (await container.Manager.GetUnitAsync("mgmt.service", Cancel)).IsActive
            && (await AgentCommandLineAsync(shell)).Contains("run empty", StringComparison.Ordinal), "mgmt.service running 'mgmt run empty'");
        Assert.True((await container.Manager.GetUnitAsync("mgmt.service", Cancel)).IsEnabled, "the package should enable the service");

        // The input set in /etc/default/mgmt is what the service runs.
        Directory.CreateDirectory(shell.HostPath("/etc/mgmt"));
        await File.WriteAllTextAsync(shell.HostPath("/etc/mgmt/graph.yaml"),
            "graph: from-package\nresources:\n  file:\n    - {name: /var/lib/mgmt-test/deb-ok, state: exists, content: \"applied by the packaged agent\\n\"}\n", Cancel);
        await File.WriteAllTextAsync(shell.HostPath("/etc/default/mgmt"), "MGMT_INPUT=\"yaml /etc/mgmt/graph.yaml\"\nMGMT_FLAGS=\"--no-watch\"\n", Cancel);
        await shell.RunAsync(["systemctl", "restart", "mgmt.service"], Cancel);
        var applied = shell.HostPath("/var/lib/mgmt-test/deb-ok");
        await EventuallyAsync(shell, () => Task.FromResult(File.Exists(applied)), "the configured graph applied by the service");
        Assert.Equal("applied by the packaged agent\n", await File.ReadAllTextAsync(applied, Cancel));
        Assert.Contains("--no-watch yaml /etc/mgmt/graph.yaml", await AgentCommandLineAsync(shell), StringComparison.Ordinal);

        // 'mgmt setup svc --install' is the way without the package: here it puts its own copy of the unit in
        // /etc/systemd/system (which takes precedence), keeps the settings, enables and starts it through systemctl.
        await shell.RunAsync(["systemctl", "disable", "--now", "mgmt.service"], Cancel);
        File.Delete(applied);
        var setup = await shell.RunAsync(["mgmt", "setup", "svc", "--install", "--enable", "--start", "--binary-path", "/usr/bin/mgmt"], Cancel);
        Assert.Contains("wrote /etc/systemd/system/mgmt.service", setup, StringComparison.Ordinal);
        Assert.Contains("kept /etc/default/mgmt", setup, StringComparison.Ordinal);
        Assert.True(File.Exists(shell.HostPath("/etc/systemd/system/mgmt.service")));
        await EventuallyAsync(shell, () => Task.FromResult(File.Exists(applied)), "the graph applied by the service that setup svc installed");
        Assert.True((await container.Manager.GetUnitAsync("mgmt.service", Cancel)).IsEnabled, "setup svc --enable should enable the service");

        // Removing the package stops the service.
        await shell.RunAsync(["dpkg", "--purge", "mgmt"], Cancel);
        Assert.False((await container.Manager.GetUnitAsync("mgmt.service", Cancel)).IsActive);
    }

    /// <summary>The service's main process's command line (words joined by spaces), or "" when it has none.</summary>
    private static async Task<string> AgentCommandLineAsync(ContainerShell shell)
    {
        var pid = (await shell.RunAsync(["systemctl", "show", "--value", "-p", "MainPID", "mgmt.service"], Cancel)).Trim();
        if (pid is "" or "0") return "";
        var cmdline = shell.HostPath($"/proc/{pid}/cmdline");
        try
        {
            return (await File.ReadAllTextAsync(cmdline, Cancel)).Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static async Task EventuallyAsync(ContainerShell shell, Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                var journal = await ProcessRunner.RunAsync(new ProcessSpec { Command = "nsenter", Args = ["--target", Path.GetFileName(Path.GetDirectoryName(shell.Root))!, "--mount", "--pid", "--root", "--", "journalctl", "--no-pager", "-n", "40", "-u", "mgmt.service"] }, Cancel);
                Assert.Fail($"timed out waiting for {what}. The service's journal:\n{journal.Stdout}{journal.Stderr}");
            }
            await Task.Delay(200, Cancel);
        }
    }

    /// <summary>Runs packaging/deb/build.sh on the mgmt build next to these tests' sources.</summary>
    private async Task<string> BuildPackageAsync()
    {
        var repo = RepositoryRoot();
        // These tests run from tests/Mgmt.Cli.Tests/bin/CONFIG/TFM/: the app's build is src/Mgmt.Cli/bin/CONFIG/TFM/.
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var app = Path.Combine(repo, "src", "Mgmt.Cli", "bin", tfm.Parent!.Name, tfm.Name);
        var result = await ProcessRunner.RunAsync(new ProcessSpec
        {
            Command = Path.Combine(repo, "packaging", "deb", "build.sh"),
            Args = ["--app", app, "--output", _work],
            Timeout = TimeSpan.FromMinutes(3),
        }, Cancel);
        Assert.True(result.Succeeded, $"build.sh failed: {result.Tail(20)}");
        return result.Stdout.Trim().Split('\n')[^1];
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "mgmt.slnx"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("the repository root (mgmt.slnx) was not found");
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
