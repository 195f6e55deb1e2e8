using Mgmt.World.Core;
using Mgmt.World.Etcd;
using Mgmt.World.Tests.Support;

namespace Mgmt.World.Tests.Etcd;

/// <summary>
/// The talk's demo at the level of the world: agents started one at a time each publish a random string in a
/// per-host map and keep a file listing every string they see. (The full demo, with mcl and the CLI, is run
/// by the integration tests once the language is wired to the world.)
/// </summary>
public sealed class DemoScenarioTests(EtcdMemberFixture fixture) : IClassFixture<EtcdMemberFixture>, IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mgmt-demo-").FullName;
    private readonly string _cluster = "demo" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<DemoAgent> _agents = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }
        TempDirs.Remove(_dir);
    }

    [Fact]
    public async Task EveryAgentsFileFollowsArrivalsCleanStopsAndCrashes()
    {
        EtcdTestMember.SkipWithoutEtcd();
        for (var i = 1; i <= 4; i++)
        {
            var world = await EtcdWorld.ConnectAsync(new EtcdWorldOptions
            {
                Hostname = $"agent{i}",
                Cluster = _cluster,
                SessionTtl = TimeSpan.FromSeconds(3),
                Endpoints = [fixture.Member!.ClientUrl],
            }, Ct);
            _agents.Add(await DemoAgent.StartAsync(world, Path.Combine(_dir, $"agent{i}.txt")));
            await EveryFileListsAsync(_agents);
        }

        var stopped = _agents[1];
        _agents.Remove(stopped);
        await stopped.DisposeAsync();
        await EveryFileListsAsync(_agents);

        var crashed = _agents[0];
        _agents.Remove(crashed);
        await crashed.CrashAsync();
        await EveryFileListsAsync(_agents);
    }

    /// <summary>Waits until every running agent's file holds exactly the strings of the running agents.</summary>
    private static Task EveryFileListsAsync(IReadOnlyList<DemoAgent> running)
    {
        var expected = string.Join('\n', running.Select(a => a.Secret).Order(StringComparer.Ordinal));
        return Eventually.TrueAsync(() => Task.FromResult(running.All(a => File.Exists(a.File) && File.ReadAllText(a.File) == expected)),
            TimeSpan.FromSeconds(15), $"every file to list exactly [{expected.Replace('\n', ' ')}]");
    }

    private sealed class DemoAgent : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _loop = Task.CompletedTask;

        private DemoAgent(IWorld world, string file)
        {
            World = world;
            File = file;
        }

        public IWorld World { get; }
        public string File { get; }
        public string Secret { get; } = Guid.NewGuid().ToString("N")[..10];

        public static async Task<DemoAgent> StartAsync(IWorld world, string file)
        {
            var agent = new DemoAgent(world, file);
            await world.SetMapValueAsync("demo", agent.Secret, Ct);
            agent._loop = Task.Run(async () =>
            {
                await foreach (var map in world.WatchMapAsync("demo", agent._stop.Token))
                {
                    // Written whole and renamed into place, as the file resource does.
                    var temp = file + ".tmp";
                    await System.IO.File.WriteAllTextAsync(temp, string.Join('\n', map.Values.Order(StringComparer.Ordinal)));
                    System.IO.File.Move(temp, file, overwrite: true);
                }
            });
            return agent;
        }

        public async Task CrashAsync()
        {
            await StopLoopAsync();
            await ((StoreWorld)World).CrashAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await StopLoopAsync();
            await World.DisposeAsync();
        }

        private async Task StopLoopAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
