using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Mgmt.World.Etcd;
using Mgmt.World.Tests.Support;

namespace Mgmt.World.Tests.Etcd;

/// <summary>The supervisor with a real etcd: start, restart after a crash, stop, and every start-up mistake.</summary>
public sealed class EtcdSupervisorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mgmt-etcd-sup-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => TempDirs.Remove(_root);

    [Fact]
    public async Task RestartsTheMemberWhenItDiesAndStopsItOnDispose()
    {
        EtcdTestMember.SkipWithoutEtcd();
        var options = EtcdTestMember.OptionsFor(_root, "m1");
        var supervisor = await EtcdSupervisor.StartAsync(options, Ct);
        var firstPid = supervisor.ProcessId!.Value;
        await using (var world = await ConnectAsync(options, "a"))
        {
            await world.SetStringAsync("before", "crash", Ct);
        }

        Process.GetProcessById(firstPid).Kill();
        await Eventually.TrueAsync(() => Task.FromResult(supervisor.Restarts == 1 && supervisor.ProcessId is { } pid && pid != firstPid),
            TimeSpan.FromSeconds(20), "the supervisor to restart etcd");
        await using (var world = await ConnectAsync(options, "a"))
        {
            // Same data directory: what was written before the crash is still there.
            Assert.Equal("crash", await world.GetStringAsync("before", Ct));
        }

        var lastPid = supervisor.ProcessId!.Value;
        await supervisor.DisposeAsync();
        Assert.False(IsAlive(lastPid), "etcd still runs after the supervisor stopped");
        Assert.Equal(1, supervisor.Restarts);
    }

    [Fact]
    public async Task RestartsFromItsOwnDataDirectoryAfterAStop()
    {
        EtcdTestMember.SkipWithoutEtcd();
        var options = EtcdTestMember.OptionsFor(_root, "m1");
        await using (var supervisor = await EtcdSupervisor.StartAsync(options, Ct))
        await using (var world = await ConnectAsync(options, "a"))
        {
            await world.SetStringAsync("kept", "yes", Ct);
        }
        await using (var again = await EtcdSupervisor.StartAsync(options, Ct))
        await using (var world = await ConnectAsync(options, "a"))
        {
            Assert.Equal("yes", await world.GetStringAsync("kept", Ct));
        }
    }

    [Fact]
    public async Task RefusesAPortInUseWithAClearMessage()
    {
        EtcdTestMember.SkipWithoutEtcd();
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var options = EtcdTestMember.OptionsFor(_root, "m1") with { ClientUrls = [$"http://127.0.0.1:{port}"] };
        var e = await Assert.ThrowsAsync<EtcdMemberException>(() => EtcdSupervisor.StartAsync(options, Ct));
        Assert.Contains($"127.0.0.1:{port} is already in use", e.Message);
        Assert.Contains("--client-urls", e.Message);
    }

    [Fact]
    public async Task RefusesTheDataDirectoryOfAnotherMember()
    {
        EtcdTestMember.SkipWithoutEtcd();
        var options = EtcdTestMember.OptionsFor(_root, "old-name");
        await using (await EtcdSupervisor.StartAsync(options, Ct))
        {
        }
        var renamed = options with { Name = "new-name" };
        var e = await Assert.ThrowsAsync<EtcdMemberException>(() => EtcdSupervisor.StartAsync(renamed, Ct));
        Assert.Contains("belongs to member \"old-name\"", e.Message);
        Assert.Contains("mv ", e.Message);
        var otherCluster = options with { ClusterToken = "another-cluster" };
        e = await Assert.ThrowsAsync<EtcdMemberException>(() => EtcdSupervisor.StartAsync(otherCluster, Ct));
        Assert.Contains("cluster \"mgmt-test\"", e.Message);

        // Asked to, it moves the stale data aside (never deletes it) and starts fresh.
        await using (var fresh = await EtcdSupervisor.StartAsync(renamed with { ReplaceStaleData = true }, Ct))
        {
            Assert.NotNull(fresh.ProcessId);
        }
        Assert.Single(Directory.GetDirectories(Path.GetDirectoryName(options.DataDirectory)!, "etcd.stale-*"));
    }

    [Fact]
    public async Task RefusesADataDirectoryMgmtDidNotCreate()
    {
        EtcdTestMember.SkipWithoutEtcd();
        var options = EtcdTestMember.OptionsFor(_root, "m1");
        Directory.CreateDirectory(Path.Combine(options.DataDirectory, "member", "wal"));
        var e = await Assert.ThrowsAsync<EtcdMemberException>(() => EtcdSupervisor.StartAsync(options, Ct));
        Assert.Contains("mgmt did not create", e.Message);
        Assert.True(Directory.Exists(Path.Combine(options.DataDirectory, "member")), "foreign data must never be touched");
    }

    [Fact]
    public async Task CleansItsOwnInterruptedFirstStart()
    {
        EtcdTestMember.SkipWithoutEtcd();
        var options = EtcdTestMember.OptionsFor(_root, "m1");
        // What a member killed during its first start leaves: our marker, a member dir, no write-ahead log.
        Directory.CreateDirectory(Path.Combine(options.DataDirectory, "member", "snap"));
        await File.WriteAllTextAsync(options.DataDirectory + ".mgmt-member.json", "{\"name\":\"m1\",\"clusterToken\":\"mgmt-test\"}", Ct);
        await using var supervisor = await EtcdSupervisor.StartAsync(options, Ct);
        Assert.NotNull(supervisor.ProcessId);
    }

    [Fact]
    public async Task ReportsAMissingEtcdBinary()
    {
        var options = EtcdTestMember.OptionsFor(_root, "m1") with { EtcdPath = "/nonexistent/etcd" };
        var e = await Assert.ThrowsAsync<EtcdMemberException>(() => EtcdSupervisor.StartAsync(options, Ct));
        Assert.Contains("apt-get install etcd-server", e.Message);
    }

    [Fact]
    public void RefusesClientAndServerUrlsOnTheSamePort()
    {
        var options = EtcdTestMember.OptionsFor(_root, "m1") with { PeerUrls = ["http://127.0.0.1:2379"], ClientUrls = ["http://127.0.0.1:2379"] };
        var e = Assert.Throws<WorldException>(options.Validate);
        Assert.Contains("distinct host:port", e.Message);
        var noPort = options with { ClientUrls = ["http://127.0.0.1"], PeerUrls = ["http://127.0.0.1:2380"] };
        Assert.Contains("has no port", Assert.Throws<WorldException>(noPort.Validate).Message);
    }

    [Fact]
    public async Task TheMemberDiesWithAKilledAgent()
    {
        EtcdTestMember.SkipWithoutEtcd();
        Assert.SkipUnless(File.Exists("/usr/bin/setpriv"), "setpriv (util-linux) is not installed");
        var probeDll = Path.Combine(AppContext.BaseDirectory, "Mgmt.World.Probe.dll");
        var pidFile = Path.Combine(_root, "etcd.pid");
        var start = new ProcessStartInfo("dotnet");
        foreach (var arg in new[] { probeDll, Path.Combine(_root, "probe-etcd"), $"http://127.0.0.1:{PortProbe.FreeLoopbackPort()}", $"http://127.0.0.1:{PortProbe.FreeLoopbackPort()}", pidFile })
        {
            start.ArgumentList.Add(arg);
        }
        using var agent = Process.Start(start)!;
        int etcdPid;
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(File.Exists(pidFile) || agent.HasExited), TimeSpan.FromSeconds(60), "the probe agent to start etcd");
            Assert.False(agent.HasExited, $"the probe agent exited with code {(agent.HasExited ? agent.ExitCode : 0)}");
            etcdPid = int.Parse(await File.ReadAllTextAsync(pidFile, Ct));
            Assert.True(IsAlive(etcdPid));
        }
        finally
        {
            agent.Kill(); // SIGKILL: the agent gets no chance to stop its child
            await agent.WaitForExitAsync(Ct);
        }
        await Eventually.TrueAsync(() => Task.FromResult(!IsAlive(etcdPid)), TimeSpan.FromSeconds(10), "the orphaned etcd to die");
    }

    private static bool IsAlive(int pid)
    {
        // A zombie still has a /proc entry: look at its state.
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static Task<EtcdWorld> ConnectAsync(EtcdMemberOptions member, string hostname) =>
        EtcdWorld.ConnectAsync(new EtcdWorldOptions { Hostname = hostname, Endpoints = member.ClientUrls, SessionTtl = TimeSpan.FromSeconds(2) }, Ct);
}
