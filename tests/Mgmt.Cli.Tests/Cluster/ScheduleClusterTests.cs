using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Cluster;

/// <summary>"Run this on at most two hosts": three agents are candidates, two are elected, and a stopped one is replaced.</summary>
[Collection(nameof(ClusterCollection))]
public sealed class ScheduleClusterTests : IAsyncDisposable
{
    private readonly TempDir _dir = new();
    private readonly List<MgmtProcess> _agents = [];

    [Fact]
    public async Task Two_of_three_candidates_are_elected_and_a_stopped_one_is_replaced()
    {
        ClusterHelpers.RequireEtcd();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var hosts = Enumerable.Range(1, 3).Select(i => $"s{i}-{suffix}").ToArray();
        var program = _dir.Write("main.mcl", $$"""
            import "fmt"
            import "world"

            schedule "backup-{{suffix}}" { max => 2, }
            file "{{_dir.Path}}/${hostname}" {
                state => $const.res.file.state.exists,
                content => fmt.printf("%v", world.schedule("backup-{{suffix}}")),
            }
            """);
        var client = ClusterHelpers.FreeUrl();
        for (var i = 0; i < hosts.Length; i++)
        {
            string[] flags = i == 0 ? [$"--client-urls={client}", $"--server-urls={ClusterHelpers.FreeUrl()}"] : [$"--seeds={client}", "--no-server"];
            _agents.Add(ClusterHelpers.Agent(hosts[i], program, flags));
            // One at a time, so that the order of arrival (the rr strategy's order) is known.
            await EveryFileSaysAsync(hosts[..(i + 1)], Elected(hosts[0], hosts[Math.Min(i, 1)]));
        }
        await EveryFileSaysAsync(hosts, Elected(hosts[0], hosts[1]));

        _agents[1].Signal(15);
        Assert.Equal(0, await _agents[1].WaitForExitAsync(TimeSpan.FromSeconds(30)));
        await EveryFileSaysAsync([hosts[0], hosts[2]], Elected(hosts[0], hosts[2]));
    }

    private static string Elected(params string[] hosts) => "[" + string.Join(", ", hosts.Distinct().Select(h => $"\"{h}\"")) + "]";

    private Task EveryFileSaysAsync(string[] hosts, string expected) =>
        ClusterHelpers.WaitAsync(() => hosts.All(h => ClusterHelpers.ReadOrEmpty(_dir.File(h)) == expected), $"every file to say {expected}", 60,
            () => string.Join("\n", hosts.Select(h => $"{h}: {ClusterHelpers.ReadOrEmpty(_dir.File(h))}")) + "\n" + string.Join("\n", _agents.Select(a => a.Stderr)));

    public async ValueTask DisposeAsync()
    {
        await ClusterHelpers.StopAllAsync(_agents);
        _dir.Dispose();
    }
}
