using System.Security.Cryptography;
using System.Text;
using Mgmt.Cli.Tests.Cluster;

namespace Mgmt.Cli.Tests.Deploys;

/// <summary>
/// Deploys through a real etcd to four real agents that trust one gpg-made key: what reaches them, what they refuse
/// (and that they keep running the previous deploy), sync rollouts, rollback, late joiners, and the lost race.
/// </summary>
[Collection(nameof(ClusterCollection))]
public sealed class DeployClusterTests
{
    [Fact]
    public async Task A_signed_deploy_reaches_all_four_and_tampered_unsigned_or_foreign_deploys_are_refused_by_all()
    {
        await using var cluster = await DeployCluster.StartAsync(4);

        var first = await cluster.DeployAsync($"--sign={cluster.TrustedSecret}", "lang", cluster.Program("v1.mcl", "v1"));
        Assert.True(first.Code == 0, first.Err);
        await cluster.WaitAllAsync("v1", "the signed deploy on all four agents");

        // A file altered in the store: the deploy names the right hash, the store holds other bytes under it.
        var v2 = cluster.Program("v2.mcl", "v2");
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(v2)));
        await cluster.Etcd.PutAsync($"/mgmt/default/deploy/blobs/{hash}", Convert.ToBase64String(Encoding.UTF8.GetBytes("file \"/tmp/evil\" {}\n")));
        var tampered = await cluster.DeployAsync($"--sign={cluster.TrustedSecret}", "lang", v2);
        Assert.True(tampered.Code == 0, tampered.Err);
        Assert.Contains("0 uploaded", tampered.Out);
        await WaitRefusedAsync(cluster, 2, "does not match its hash");

        var unsigned = await cluster.DeployAsync("lang", cluster.Program("v3.mcl", "v3"));
        Assert.True(unsigned.Code == 0, unsigned.Err);
        Assert.Contains("UNSIGNED", unsigned.Out);
        await WaitRefusedAsync(cluster, 3, "it is not signed");

        var foreign = await cluster.DeployAsync($"--sign={cluster.OtherSecret}", "lang", cluster.Program("v4.mcl", "v4"));
        Assert.True(foreign.Code == 0, foreign.Err);
        await WaitRefusedAsync(cluster, 4, "which is not in the trust store");

        for (var i = 0; i < 4; i++) Assert.Equal("v1\n", cluster.OutputOf(i));

        // Still alive and following: the next good deploy runs everywhere, and the list says who runs what.
        var fifth = await cluster.DeployAsync($"--sign={cluster.TrustedSecret}", "lang", cluster.Program("v5.mcl", "v5"));
        Assert.True(fifth.Code == 0, fifth.Err);
        await cluster.WaitAllAsync("v5", "the next signed deploy");
        await ClusterHelpers.WaitAsync(() => cluster.Agents.All(a => a.Stderr.Contains("deploy 5 is running")), "every agent to report deploy 5", 30, () => cluster.Logs);
        var list = await cluster.DeployAsync("list");
        Assert.True(list.Code == 0, list.Err);
        foreach (var host in cluster.Hosts) Assert.Contains($"{host}: deploy 5", list.Out);
        Assert.Contains("unsigned", list.Out);
    }

    [Fact]
    public async Task A_sync_rollout_switches_all_agents_or_none_and_rollback_brings_back_an_old_deploy()
    {
        await using var cluster = await DeployCluster.StartAsync(4);
        var sign = $"--sign={cluster.TrustedSecret}";
        Assert.Equal(0, (await cluster.DeployAsync(sign, "lang", cluster.Program("v1.mcl", "v1"))).Code);
        await cluster.WaitAllAsync("v1", "the first deploy");

        var sync = await cluster.DeployAsync(sign, "--rollout=sync", "--timeout=60", "lang", cluster.Program("v2.mcl", "v2"));
        Assert.True(sync.Code == 0, sync.Out + sync.Err + cluster.Logs);
        Assert.Contains("4 of 4 hosts ready", sync.Out);
        Assert.Contains("all 4 hosts switched together", sync.Out);
        await cluster.WaitAllAsync("v2", "the sync deploy");

        // One host cannot run the next deploy (a file its program reads is missing there): nobody switches.
        var needs = cluster.Dir.Path + "/needed-";
        for (var i = 1; i < 4; i++) File.WriteAllText(needs + cluster.HostName(i), "v3");
        var v3 = cluster.Dir.Write("v3.mcl", $$"""
            import "os"
            file "{{cluster.Dir.Path}}/out-${hostname}" {
                state => $const.res.file.state.exists,
                content => os.readfile("{{needs}}" + $hostname) + "\n",
            }
            """);
        var aborted = await cluster.DeployAsync(sign, "--rollout=sync", "--timeout=5", "lang", v3);
        Assert.True(aborted.Code == 1, aborted.Out + aborted.Err + cluster.Logs);
        Assert.Contains("was aborted", aborted.Out);
        Assert.Contains("no host switched", aborted.Out);
        await ClusterHelpers.WaitAsync(() => cluster.Agents.All(a => a.Stderr.Contains("deploy 3 refused")), "every agent to stay", 30, () => cluster.Logs);
        for (var i = 0; i < 4; i++) Assert.Equal("v2\n", cluster.OutputOf(i));

        var rollback = await cluster.DeployAsync(sign, "rollback", "1");
        Assert.True(rollback.Code == 0, rollback.Err);
        Assert.Contains("deploy 4 stored (the content of deploy 1)", rollback.Out);
        await cluster.WaitAllAsync("v1", "the rollback to deploy 1's content");
    }

    [Fact]
    public async Task An_agent_started_after_three_deploys_runs_the_third_and_a_lost_race_is_a_clear_message()
    {
        await using var cluster = await DeployCluster.StartAsync(0);
        var sign = $"--sign={cluster.TrustedSecret}";
        for (var v = 1; v <= 3; v++)
        {
            var made = await cluster.DeployAsync(sign, "lang", cluster.Program($"v{v}.mcl", $"v{v}"));
            Assert.True(made.Code == 0, made.Err);
        }
        var late = cluster.StartAgent("--prometheus-listen", "127.0.0.1:0");
        await cluster.WaitAllAsync("v3", "the late agent to run the third deploy");
        Assert.DoesNotContain("deploy 2 is running", cluster.Logs);
        await late.WaitForLogAsync("deploy 3 is running", TimeSpan.FromSeconds(30));
        using (var client = new HttpClient())
        {
            var metrics = await Observability.Scrape.FromAsync(client, Observability.Scrape.UrlFrom(late.Stderr, "serving Prometheus metrics"));
            Assert.Equal(3, metrics["mgmt_deploy_id"]);
        }

        // A slow signer (gpg behind a pause) loses the id to a deploy made meanwhile.
        var bin = Directory.CreateDirectory(cluster.Dir.File("slow-bin")).FullName;
        var slowGpg = Path.Combine(bin, "gpg");
        var signing = cluster.Dir.File("signing");
        File.WriteAllText(slowGpg, $"#!/bin/sh\ntouch {signing}\nsleep 3\nexec /usr/bin/gpg \"$@\"\n");
        File.SetUnixFileMode(slowGpg, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var environment = new Dictionary<string, string>(cluster.Gpg.Environment) { ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}" };
        var slow = EndToEnd.MgmtProcess.Start(["deploy", $"--seeds={cluster.Etcd.ClientUrl}", "--sign=admin@example.invalid", "lang", cluster.Program("slow.mcl", "slow")], environment);
        await using (slow)
        {
            // Once gpg starts, the slow deploy has read the latest id and is signing.
            await ClusterHelpers.WaitAsync(() => File.Exists(signing), "the slow deploy to start signing", 60, () => slow.Stderr);
            var fast = await cluster.DeployAsync(sign, "lang", cluster.Program("fast.mcl", "fast"));
            Assert.True(fast.Code == 0, fast.Err);
            Assert.Contains("deploy 4 stored", fast.Out);
            Assert.Equal(1, await slow.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("someone deployed meanwhile", slow.Stderr);
        }
        await cluster.WaitAllAsync("fast", "the winner of the race");

        // A deploy made with --noop runs, but changes nothing.
        var noop = await cluster.DeployAsync(sign, "--noop", "lang", cluster.Program("noop.mcl", "noop"));
        Assert.True(noop.Code == 0, noop.Err);
        await cluster.Agents[0].WaitForLogAsync("deploy 5 is running", TimeSpan.FromSeconds(30));
        await cluster.Agents[0].WaitForLogAsync("deploys/5/noop.mcl is running", TimeSpan.FromSeconds(30));
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Equal("fast\n", cluster.OutputOf(0));
    }

    [Fact]
    public async Task A_deploy_whose_git_commit_goes_back_is_refused_unless_forced_and_old_deploys_are_pruned()
    {
        await using var cluster = await DeployCluster.StartAsync(0);
        cluster.StartAgent();
        var sign = $"--sign={cluster.TrustedSecret}";
        var repo = Directory.CreateDirectory(cluster.Dir.File("repo")).FullName;
        Git(repo, "init", "-q");
        string Commit(string content)
        {
            File.WriteAllText(Path.Combine(repo, "main.mcl"), File.ReadAllText(cluster.Program($"{content}.mcl", content)));
            Git(repo, "add", "main.mcl");
            Git(repo, "-c", "user.name=Test", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", content);
            return Git(repo, "rev-parse", "HEAD").Trim();
        }
        var first = Commit("v1");
        var one = await cluster.DeployAsync(sign, "lang", repo);
        Assert.True(one.Code == 0, one.Err);
        Assert.Contains($"git {first[..12]}", one.Out);
        Commit("v2");
        Assert.Equal(0, (await cluster.DeployAsync(sign, "lang", repo)).Code);
        await cluster.WaitAllAsync("v2", "the second commit");

        Git(repo, "checkout", "-q", first);
        var back = await cluster.DeployAsync(sign, "lang", repo);
        Assert.Equal(2, back.Code);
        Assert.Contains("does not descend from deploy 2's commit", back.Err);
        Assert.Contains("--force", back.Err);
        var forced = await cluster.DeployAsync(sign, "--force", "lang", repo);
        Assert.True(forced.Code == 0, forced.Err);
        await cluster.WaitAllAsync("v1", "the forced deploy");
        var noGit = await cluster.DeployAsync(sign, "--no-git", "--keep=2", "lang", cluster.Program("v4.mcl", "v4"));
        Assert.True(noGit.Code == 0, noGit.Err);
        Assert.DoesNotContain(" git ", noGit.Out);
        await cluster.WaitAllAsync("v4", "the fourth deploy");

        // mgmt deploy --keep=2 kept the last two deploys: 1 and 2 are pruned, the line goes on from 4.
        List<string> ids = [];
        for (var tries = 0; tries < 100 && !ids.SequenceEqual(["3", "4"]); tries++)
        {
            if (tries > 0) await Task.Delay(200, TestContext.Current.CancellationToken);
            var list = await cluster.DeployAsync("list");
            ids = [.. list.Out.Split('\n').Where(l => l.Length > 0 && char.IsAsciiDigit(l[0])).Select(l => l.Split(' ')[0])];
        }
        Assert.True(ids.SequenceEqual(["3", "4"]), $"kept deploys: {string.Join(",", ids)}\n{cluster.Logs}");
        Assert.Contains("pruned 2 old deploy(s)", noGit.Out);
        var shown = await cluster.DeployAsync("show", "1");
        Assert.Contains("there is no deploy 1", shown.Err);
    }

    private static string Git(string directory, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(directory);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)}: {errors}");
        return output;
    }

    private static Task WaitRefusedAsync(DeployCluster cluster, int id, string reason) =>
        ClusterHelpers.WaitAsync(
            () => cluster.Agents.All(a => a.Stderr.Split('\n').Any(l => l.Contains($"deploy {id} refused") && l.Contains(reason) && l.Contains("keeps running"))),
            $"every agent to refuse deploy {id} ({reason})", 30, () => cluster.Logs);
}
