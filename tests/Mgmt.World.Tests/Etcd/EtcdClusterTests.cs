using System.Diagnostics;
using Etcdserverpb;
using Mgmt.World.Etcd;
using Mgmt.World.Tests.Support;

namespace Mgmt.World.Tests.Etcd;

/// <summary>A three-member cluster made by joining, and agents that ride through the SIGKILL of its leader.</summary>
public sealed class EtcdClusterTests : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mgmt-etcd-cluster-").FullName;
    private readonly List<EtcdSupervisor> _members = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members)
        {
            await member.DisposeAsync();
        }
        TempDirs.Remove(_root);
    }

    [Fact]
    public async Task AgentsKeepWorkingAndSeeEveryValueWrittenAfterTheLeaderIsKilled()
    {
        EtcdTestMember.SkipWithoutEtcd();
        var first = EtcdTestMember.OptionsFor(_root, "m1");
        _members.Add(await EtcdSupervisor.StartAsync(first, Ct));
        var second = EtcdTestMember.OptionsFor(_root, "m2", join: first.ClientUrls);
        _members.Add(await EtcdSupervisor.StartAsync(second, Ct));
        var third = EtcdTestMember.OptionsFor(_root, "m3", join: [.. first.ClientUrls, .. second.ClientUrls]);
        _members.Add(await EtcdSupervisor.StartAsync(third, Ct));
        string[] endpoints = [.. first.ClientUrls, .. second.ClientUrls, .. third.ClientUrls];

        await using var store = new EtcdKeyValueStore(endpoints);
        var members = await store.Client.MemberListAsync(new MemberListRequest(), cancellationToken: Ct);
        Assert.Equal(["m1", "m2", "m3"], members.Members.Select(m => m.Name).Order());

        WorldOptions Agent(string name) => new EtcdWorldOptions { Hostname = name, Endpoints = endpoints, SessionTtl = TimeSpan.FromSeconds(5), OperationTimeout = TimeSpan.FromSeconds(20) };
        await using var writer = await EtcdWorld.ConnectAsync((EtcdWorldOptions)Agent("writer"), Ct);
        await using var reader = await EtcdWorld.ConnectAsync((EtcdWorldOptions)Agent("reader"), Ct);
        await using var exports = new WatchProbe<IReadOnlyList<ExportedResource>>(ct => reader.WatchCollectAsync(ExportFilter.All, ct));
        await using var value = new WatchProbe<string?>(ct => reader.WatchStringAsync("after", ct));
        await exports.WaitForAsync(l => l.Count == 0, what: "an empty start");

        var leaderPid = await LeaderPidAsync(endpoints);
        Process.GetProcessById(leaderPid).Kill(); // SIGKILL

        for (var i = 0; i < 20; i++)
        {
            await writer.ExportAsync([new ExportedResource("print", $"after-{i:00}", "writer", "reader", $"payload {i}")], Ct);
            await writer.SetStringAsync("after", i.ToString(), Ct);
        }
        var seen = await exports.WaitForAsync(l => l.Count == 20, TimeSpan.FromSeconds(30), "all 20 exports written after the kill");
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"after-{i:00}"), seen.Select(r => r.Name));
        await value.WaitForAsync(v => v == "19", TimeSpan.FromSeconds(30), "the last value written after the kill");
        Assert.Equal("19", await reader.GetStringAsync("after", Ct));
        // The killed member comes back by itself.
        await Eventually.TrueAsync(() => Task.FromResult(_members.Sum(m => m.Restarts) == 1), TimeSpan.FromSeconds(30), "the killed member to be restarted");

        // Now cut an agent off: its only member dies while others keep writing. When the member is back, the
        // agent's watch resumes from the last revision it saw and gets everything it missed.
        var leader = await LeaderPidAsync(endpoints);
        var follower = endpoints.First(e => PidOf(e) != leader);
        await using var isolated = await EtcdWorld.ConnectAsync((EtcdWorldOptions)Agent("isolated") with { Endpoints = [follower] }, Ct);
        await using var missed = new WatchProbe<IReadOnlyList<ExportedResource>>(ct => isolated.WatchCollectAsync(new ExportFilter(FromHost: "writer"), ct));
        await missed.WaitForAsync(l => l.Count == 0, what: "nothing for the isolated agent yet");
        Process.GetProcessById(PidOf(follower)).Kill();
        for (var i = 0; i < 10; i++)
        {
            await writer.ExportAsync([new ExportedResource("print", $"missed-{i}", "writer", "isolated", $"payload {i}")], Ct);
        }
        var caughtUp = await missed.WaitForAsync(l => l.Count == 10, TimeSpan.FromSeconds(30), "the 10 exports written while the isolated agent's member was down");
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"missed-{i}"), caughtUp.Select(r => r.Name));
    }

    /// <summary>The pid of the etcd member serving <paramref name="endpoint"/> (client ports are unique on this machine).</summary>
    private static int PidOf(string endpoint)
    {
        var needle = $"{endpoint}\0";
        return Process.GetProcessesByName("etcd").Single(p =>
        {
            try
            {
                return File.ReadAllText($"/proc/{p.Id}/cmdline").Contains(needle, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        }).Id;
    }

    private static async Task<int> LeaderPidAsync(IReadOnlyList<string> endpoints)
    {
        foreach (var endpoint in endpoints)
        {
            await using var one = new EtcdKeyValueStore([endpoint]);
            var status = await one.Client.StatusAsync(new StatusRequest(), cancellationToken: Ct);
            if (status.Leader == status.Header.MemberId)
            {
                return PidOf(endpoint);
            }
        }
        throw new InvalidOperationException("no member says it is the leader");
    }
}
