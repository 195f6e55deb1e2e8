using System.Diagnostics;
using Mgmt.Cli.Tests.Cluster;
using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Deploys;

/// <summary>
/// deploy:tar in real agents: one that follows signed deploys through a real etcd (the archive holds the deploy's
/// files, a second deploy rewrites it, a damaged archive is repaired), one that runs a program from its own
/// directory (the archive holds that directory's files), and one whose code is inline (no deploy: a clear error).
/// Every archive is read back with the system's tar.
/// </summary>
[Collection(nameof(ClusterCollection))]
public sealed class DeployTarAgentTests
{
    [Fact]
    public async Task A_deploy_s_files_are_archived_a_second_deploy_rewrites_the_archive_and_a_damaged_archive_is_repaired()
    {
        await using var cluster = await DeployCluster.StartAsync(1);
        var sign = $"--sign={cluster.TrustedSecret}";
        var archive = cluster.Dir.File($"code-{cluster.HostName(0)}.tar");
        var site = Site(cluster.Dir.File("site"), $$"""
            deploy:tar "{{cluster.Dir.Path}}/code-${hostname}.tar" {
                format => $const.res.tar.format.gnu,
            }
            """, "v1");

        var first = await cluster.DeployAsync(sign, "lang", site);
        Assert.True(first.Code == 0, first.Err);
        await ClusterHelpers.WaitAsync(() => Extract(archive, "files/motd") == "v1\n", "the archive of deploy 1", 60, () => cluster.Logs);
        Assert.Equal(["files/", "files/motd", "main.mcl"], List(archive));
        Assert.Equal(File.ReadAllText(Path.Combine(site, "main.mcl")), Extract(archive, "main.mcl"));

        File.WriteAllText(Path.Combine(site, "files", "motd"), "v2\n");
        File.WriteAllText(Path.Combine(site, "files", "new.txt"), "new\n");
        var second = await cluster.DeployAsync(sign, "lang", site);
        Assert.True(second.Code == 0, second.Err);
        await ClusterHelpers.WaitAsync(() => Extract(archive, "files/motd") == "v2\n", "the archive of deploy 2", 60, () => cluster.Logs);
        Assert.Equal(["files/", "files/motd", "files/new.txt", "main.mcl"], List(archive));
        await cluster.Agents[0].WaitForLogAsync("tar archive of deploy 2", TimeSpan.FromSeconds(30));

        File.WriteAllText(archive, "damaged");
        await ClusterHelpers.WaitAsync(() => Extract(archive, "files/new.txt") == "new\n", "the damaged archive to be repaired", 60, () => cluster.Logs);
    }

    [Fact]
    public async Task An_agent_that_runs_its_own_directory_archives_that_directory_s_files_and_follows_their_edits()
    {
        using var dir = new TempDir();
        var archive = dir.File("local.tar");
        var site = Site(dir.File("site"), $$"""
            deploy:tar "{{archive}}" {}
            """, "local");
        var agent = MgmtProcess.Start(["run", "--tmp-prefix", "lang", site]);
        try
        {
            await ClusterHelpers.WaitAsync(() => Extract(archive, "files/motd") == "local\n", "the archive of the local program", 60, () => agent.Stderr);
            Assert.Equal(["files/", "files/motd", "main.mcl"], List(archive));
            await agent.WaitForLogAsync("tar archive of the agent's own input", TimeSpan.FromSeconds(30));

            File.WriteAllText(Path.Combine(site, "files", "motd"), "edited\n");
            await ClusterHelpers.WaitAsync(() => Extract(archive, "files/motd") == "edited\n", "the archive after an edit", 60, () => agent.Stderr);
        }
        finally
        {
            await ClusterHelpers.StopAllAsync([agent]);
        }
    }

    [Fact]
    public async Task Inline_code_is_no_deploy_and_the_resource_fails_with_that_reason()
    {
        using var dir = new TempDir();
        var archive = dir.File("inline.tar");
        var agent = MgmtProcess.Start(["run", "--tmp-prefix", "lang", $"deploy:tar \"{archive}\" {{}}\n"]);
        try
        {
            await agent.WaitForLogAsync("no deploy is running: this agent runs lang code given inline or on stdin", TimeSpan.FromSeconds(60));
            Assert.False(File.Exists(archive));
        }
        finally
        {
            await ClusterHelpers.StopAllAsync([agent]);
        }
    }

    /// <summary>A module directory: main.mcl with <paramref name="program"/>, and files/motd with <paramref name="motd"/>.</summary>
    private static string Site(string directory, string program, string motd)
    {
        Directory.CreateDirectory(Path.Combine(directory, "files"));
        File.WriteAllText(Path.Combine(directory, "main.mcl"), program + "\n");
        File.WriteAllText(Path.Combine(directory, "files", "motd"), motd + "\n");
        return directory;
    }

    private static List<string> List(string archive) => [.. (Tar("-tf", archive) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>One member's content, or null while the archive is missing or unreadable.</summary>
    private static string? Extract(string archive, string member) => File.Exists(archive) ? Tar("-xOf", archive, member) : null;

    private static string? Tar(params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo("tar", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var text = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? text : null;
    }
}
