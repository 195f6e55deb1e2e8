using System.Globalization;
using Mgmt.Cli.Tests.PkgDemo;
using Mgmt.Platform.Files;
using Mgmt.Resources.Tests.Svc;

namespace Mgmt.Cli.Tests.Puppet;

/// <summary>
/// The package + configuration file + service trio (with a group and a user) as a Puppet manifest, inside the booted
/// systemd container (tests/support/systemd-container.sh, which has Puppet): one container is set by
/// <c>puppet apply</c>, a fresh one by <c>mgmt run puppet --converged-exit</c>, and the two end in the same state:
/// the package and its version, the file's content and mode, the service running and enabled and started once
/// (with the managed file), the account entries. Skipped, with the reason, without root or without the container.
/// </summary>
public sealed class PuppetContainerTests : IDisposable
{
    private const string Manifest = """
        package { 'mgmt-demo-web': ensure => installed }
        -> file { '/etc/mgmt-demo-web/web.conf':
          content => "greeting = hello from puppet\nport = 8080\n",
          mode    => '0640',
        }
        ~> service { 'mgmt-demo-web': ensure => running, enable => true }
        group { 'demo': ensure => present, gid => 3001 }
        -> user { 'demo': ensure => present, uid => 3001, gid => 'demo', home => '/home/demo', shell => '/bin/sh' }

        """;

    private readonly string _work = Directory.CreateTempSubdirectory("mgmt-puppet-container-").FullName;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Puppet_apply_and_mgmt_run_puppet_leave_the_container_in_the_same_state()
    {
        string byPuppet;
        await using (var container = new SystemdContainer())
        {
            await container.InitializeAsync();
            container.Require();
            var shell = await PrepareAsync(container, "puppet");
            await shell.RunAsync(["puppet", "apply", "--color=false", ContainerShell.Home + "/site.pp"], Cancel);
            byPuppet = await StateAsync(container, shell);
        }

        string byMgmt;
        await using (var container = new SystemdContainer())
        {
            await container.InitializeAsync();
            var shell = await PrepareAsync(container, "mgmt");
            await shell.InstallAgentAsync(Cancel);
            await using var agent = shell.StartAgent(["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=0", "puppet", ContainerShell.Home + "/site.pp"]);
            var code = await agent.WaitForExitAsync(TimeSpan.FromMinutes(4));
            Assert.True(code == 0, $"mgmt failed ({code}):\n{agent.Log}");
            Assert.Contains("5 resources, 0 of them applied through Puppet itself", agent.Log, StringComparison.Ordinal);
            byMgmt = await StateAsync(container, shell);
        }

        Assert.Equal(byPuppet, byMgmt);
        Assert.Contains($"package {DemoPackage.Version}\nconfig 640 greeting = hello from puppet", byMgmt, StringComparison.Ordinal);
        Assert.Contains("passwd demo:x:3001:3001::/home/demo:/bin/sh", byMgmt, StringComparison.Ordinal);
        Assert.Contains("service active=True enabled=True", byMgmt, StringComparison.Ordinal);
        Assert.Contains("starts: start: greeting = hello from puppet;port = 8080;\n", byMgmt, StringComparison.Ordinal);
    }

    // The container's apt sees only a local repository with the demo package (it has no network).
    private async Task<ContainerShell> PrepareAsync(SystemdContainer container, string name)
    {
        var shell = new ContainerShell(container.Root);
        Directory.CreateDirectory(shell.HostPath(ContainerShell.Home));
        await DemoPackage.BuildRepositoryAsync(shell.HostPath(ContainerShell.Home + "/repo"), Path.Combine(_work, name), Cancel);
        await File.WriteAllTextAsync(shell.HostPath("/etc/apt/sources.list"), $"deb [trusted=yes] file:{ContainerShell.Home}/repo ./\n", Cancel);
        await shell.RunAsync(["apt-get", "-q", "update"], Cancel);
        await File.WriteAllTextAsync(shell.HostPath(ContainerShell.Home + "/site.pp"), Manifest, Cancel);
        return shell;
    }

    private static async Task<string> StateAsync(SystemdContainer container, ContainerShell shell)
    {
        const string unit = DemoPackage.Name + ".service";
        var status = await container.Manager.GetUnitAsync(unit, Cancel);
        var config = shell.HostPath(DemoPackage.ConfigPath);
        var mode = Convert.ToString(Posix.TryStat(config)?.Permissions ?? 0, 8);
        var starts = File.Exists(shell.HostPath(DemoPackage.StartsLog)) ? await File.ReadAllTextAsync(shell.HostPath(DemoPackage.StartsLog), Cancel) : "";
        var configText = File.Exists(config) ? await File.ReadAllTextAsync(config, Cancel) : "(missing)";
        var version = DemoPackage.InstalledVersion(shell.Root);
        var passwd = File.ReadAllLines(shell.HostPath("/etc/passwd")).Where(l => l.StartsWith("demo:", StringComparison.Ordinal));
        var group = File.ReadAllLines(shell.HostPath("/etc/group")).Where(l => l.StartsWith("demo:", StringComparison.Ordinal));
        return string.Create(CultureInfo.InvariantCulture, $"""
            package {version}
            config {mode} {configText}
            service active={status.IsActive} enabled={status.IsEnabled}
            starts: {starts}
            passwd {string.Join(';', passwd)}
            group {string.Join(';', group)}
            """);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
